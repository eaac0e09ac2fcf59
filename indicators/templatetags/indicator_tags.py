from django import template

from indicators import display
from indicators.models import format_decimal

register = template.Library()


@register.filter
def figure(observation):
    """{{ observation|figure }}: the value with its qualifier and unit, as display.value_phrase says."""
    return display.observation_phrase(observation)


@register.filter
def citation(observation):
    """{{ observation|citation }}: chapter, section, pages and line of the quote."""
    return display.citation_text(observation)


@register.filter
def plain(value):
    """{{ decimal|plain }}: 100.00 reads 100, 7.10 reads 7.1."""
    return format_decimal(value)



@register.filter
def target_value(measure):
    """{{ measure|target_value }}: "≥ 1.8 万亿元" as the report prints it, in Chinese; in English
    the value in the indicator's unit, "≥ 18000 (100 million yuan)"."""
    return display.target_phrase(measure)
