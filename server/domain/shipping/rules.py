"""Shipping rule matching, pure: the first active rule (by priority, then id) whose every set
condition holds chooses the method."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """What rules look at: destination ``country`` (ISO alpha-2), total ``weight_grams``, order
    ``value`` in ``currency``, ``channel`` and ``tags``."""

    country: str
    weight_grams: int
    value: Decimal
    currency: str
    channel: str
    tags: tuple[str, ...] = ()


class RuleLike(Protocol):
    id: int
    priority: int
    active: bool
    countries: list[str] | None
    channels: list[str] | None
    tags: list[str] | None
    min_weight_grams: int | None
    max_weight_grams: int | None
    min_order_value: Decimal | None
    max_order_value: Decimal | None
    currency: str | None


R = TypeVar("R", bound=RuleLike)


def matches(rule: RuleLike, facts: OrderFacts) -> bool:
    """True when every condition ``rule`` sets holds for ``facts``; an empty list or None sets
    no condition."""
    if not rule.active:
        return False
    if rule.countries and facts.country not in rule.countries:
        return False
    if rule.channels and facts.channel not in rule.channels:
        return False
    if rule.tags and not set(rule.tags) <= set(facts.tags):
        return False
    if rule.min_weight_grams is not None and facts.weight_grams < rule.min_weight_grams:
        return False
    if rule.max_weight_grams is not None and facts.weight_grams > rule.max_weight_grams:
        return False
    value_rule = rule.min_order_value is not None or rule.max_order_value is not None
    if value_rule and rule.currency and rule.currency != facts.currency:
        return False
    if rule.min_order_value is not None and facts.value < rule.min_order_value:
        return False
    if rule.max_order_value is not None and facts.value > rule.max_order_value:
        return False
    return True


def first_match(rules: Iterable[R], facts: OrderFacts) -> R | None:
    """The rule that chooses: lowest ``priority`` first, ties by ``id``; None when none
    matches."""
    for rule in sorted(rules, key=lambda r: (r.priority, r.id)):
        if matches(rule, facts):
            return rule
    return None
