"""The industry chains a district's attraction plan names, seeded by a migration and by the demo.

Plain data, so that the migration (with its historical model) and the demo (after a test has
flushed the database) seed the same list.
"""

# "医药制造、铝精深加工及装备制造、绿色建材" and the other leading industries; administrators edit the list.
CHAINS = ["医药", "铝精深加工及装备制造", "绿色建材", "新材料", "商贸物流", "文化旅游", "高端教育", "现代农业", "其他"]


def ensure(IndustryChain) -> None:
    """Create the chains that are missing; keep those an administrator edited or switched off."""
    for order, name in enumerate(CHAINS, start=1):
        IndustryChain.objects.get_or_create(name=name, defaults={"order": order})
