"""The interview frameworks a mock interview can follow, as data.

Each phase budget is the one its framework page states (content/frameworks/*.md); where a page gives
a range or leaves time over, the comment says which figure was taken and why. Every framework adds
up to a 45-minute round.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    title: str  # shown as the phase's heading and written as "## title" in the answer
    minutes: int
    hint: str  # what the whiteboard should hold at the end of the phase


@dataclass(frozen=True)
class Framework:
    id: str  # the framework's page id
    title: str
    phases: tuple[Phase, ...]

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.phases)


FRAMEWORKS: dict[str, Framework] = {
    f.id: f
    for f in (
        # delivery-framework.md: requirements ~5, core entities ~2, APIs ~5, high-level design and deep
        # dives ~10-15 each. The upper figures leave 3 minutes of the 45 for a wrap-up.
        Framework(
            id="delivery-framework",
            title="Delivery framework",
            phases=(
                Phase("Requirements", 5, "3-5 functional and non-functional requirements, with numbers"),
                Phase("Core entities", 2, "The nouns the system stores and serves, and how they relate"),
                Phase("API", 5, "One endpoint per functional requirement, inputs and outputs"),
                Phase("High-level design", 15, "Boxes and arrows that satisfy every endpoint"),
                Phase("Deep dives", 15, "Two or three non-functional requirements defended in detail"),
                Phase("Wrap-up", 3, "Recap, open bottlenecks, what you would do next"),
            ),
        ),
        # five-step-framework.md: 5 + 5 + 15 + 15 + 5.
        Framework(
            id="five-step-framework",
            title="5-step framework",
            phases=(
                Phase("Requirements and scope", 5, "Core features, non-functional targets, out of scope"),
                Phase("Estimation", 5, "Average and peak QPS, storage, bandwidth, cache size"),
                Phase("High-level design", 15, "Boxes, the main APIs, the data flow per request"),
                Phase("Deep dive", 15, "Two or three areas in depth, each with options and a choice"),
                Phase("Wrap-up and improvements", 5, "Recap, bottlenecks left open, what comes next"),
            ),
        ),
        # interview-execution-playbook.md: 5, 3, 3, 5, 8, 10, 5, 3, 3.
        Framework(
            id="interview-execution-playbook",
            title="9-step playbook",
            phases=(
                Phase("Requirements", 5, "Who uses it, what they do, how much; what is out of scope"),
                Phase("Estimation", 3, "Average and peak QPS, storage per day, bandwidth, cache size"),
                Phase("API design", 3, "The key endpoints or RPCs as contracts"),
                Phase("Data model", 5, "Entities, keys, the store chosen for the access patterns"),
                Phase("High-level architecture", 8, "The main success path through the components"),
                Phase("Deep dive", 10, "The one or two hard parts, in depth"),
                Phase("Scale and bottlenecks", 5, "Where it breaks first and the fix"),
                Phase("Reliability and operations", 3, "Failure modes, rollback, SLIs, SLOs, alerts"),
                Phase("Trade-offs and wrap-up", 3, "Key decisions restated, what you accept"),
            ),
        ),
        # rails-framework.md gives no hard budgets; its workable split is R 5, A 10-12, I 5, L 5, S 10,
        # leaving 5-10 for the interviewer's follow-ups. A takes 12 (it includes the flow walk) and the
        # follow-ups the remaining 8.
        Framework(
            id="rails-framework",
            title="R.A.I.L.S",
            phases=(
                Phase("Requirements", 5, "Use case, actors, scale as numbers, latency, read/write mix"),
                Phase("Architecture", 12, "Services, sync and queued links, main flows end to end"),
                Phase("Interfaces", 5, "External endpoints, internal calls, auth boundary"),
                Phase(
                    "Latency, load and limits (estimates)",
                    5,
                    "Daily and peak traffic, data size, bottlenecks",
                ),
                Phase("Storage and scaling", 10, "Data models, indexes, caches, replicas, shard key"),
                Phase("Follow-ups", 8, "Trade-offs voiced; the interviewer's deeper questions"),
            ),
        ),
    )
}
DEFAULT_FRAMEWORK = "delivery-framework"


def framework_get(framework_id: str) -> Framework | None:
    return FRAMEWORKS.get(framework_id)
