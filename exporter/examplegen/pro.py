"""The ``pro`` block: all off by default; ``pro=True`` adds small reactions/polls/announcements."""

from __future__ import annotations

from .context import Ctx

_REACTIONS = ("thumbsup", "heart", "laugh", "hooray", "thinking", "eyes", "rocket", "thumbsdown")


def pro_block(ctx: Ctx, public_posts: list[dict], public_replies: list[dict]) -> dict:
    """Feature flags (agreeing with ``app_config.features``) plus data when ``ctx.pro``."""
    block: dict = {"reactions": ctx.pro, "polls": ctx.pro, "badges": False,
                   "custom_fields": False, "announcements": ctx.pro, "attachments": False}
    if not ctx.pro:
        return block
    rng = ctx.rng("pro")
    reactions: dict[str, dict[str, int]] = {}
    for kind, rows in (("post", public_posts[:12]), ("reply", public_replies[:12])):
        for row in rows:
            picked = sorted(set(rng.choices(_REACTIONS, k=rng.randint(1, 3))))
            reactions[f"{kind}:{row['id']}"] = {slug: rng.randint(1, 9) for slug in picked}
    block["reactions_data"] = reactions
    block["polls_data"] = {str(p["id"]): _poll(p, n) for n, p in enumerate(public_posts[-2:])}
    block["announcement_post_ids"] = [p["id"] for p in public_posts[-3:-1]]
    return block


def _poll(post: dict, n: int) -> dict:
    votes = (7, 3, 1) if n == 0 else (2, 2)
    labels = ("Yes", "No", "Not sure")[:len(votes)]
    total = sum(votes)
    return {"id": n + 1, "post_id": post["id"], "question": f"Poll {n + 1}: should we ship it?",
            "type": "single" if n == 0 else "multiple", "allow_other": False,
            "closes_at": None, "closed": n == 1, "created_by": post["author_id"],
            "created_at": post["created_at"], "total_voters": total, "total_votes": total,
            "options": [{"id": 10 * (n + 1) + i, "label": label, "vote_count": v,
                         "percentage": round(100.0 * v / total, 1)}
                        for i, (label, v) in enumerate(zip(labels, votes))]}
