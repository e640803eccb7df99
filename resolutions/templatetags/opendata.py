"""Template tags of the open-data features: a document's citation."""

from django import template

from ..exports import Reference

register = template.Library()


@register.simple_tag(takes_context=True)
def citation(context, document):
    """The document's reference, for the Cite box: {% citation document as ref %}."""
    request = context["request"]
    return Reference(document, request.build_absolute_uri(document.get_absolute_url()))
