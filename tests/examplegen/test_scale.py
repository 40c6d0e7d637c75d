"""``scale`` multiplies posts, replies and users; tags grow moderately."""

from __future__ import annotations

import pytest

from exporter.errors import UsageError
from exporter.examplegen import generate


def test_scale_scales_counts(small, manifest):
    low, full = small[1]["counts"], manifest["counts"]
    for kind in ("posts", "replies"):
        assert low["public"][kind] < full["public"][kind] / 2
    assert low["total"]["users"] >= 30  # the hostile roster is always there
    double = generate(scale=2.5)
    assert len(double["posts"]) > 2 * full["total"]["posts"]
    assert len(double["replies"]) > 2 * full["total"]["replies"]
    assert len(double["users"]) == 100
    assert len(full["total"]) and len(double["tags"]) > full["public"]["tags"]


@pytest.mark.parametrize("scale", [0, -1, 5000])
def test_bad_scale_is_a_usage_error(scale):
    with pytest.raises(UsageError):
        generate(scale=scale)
