"""The save-ordering rule as a state machine: tabs make edits, each edit is a save that the network
may deliver late, twice, out of order or never. Whatever happens, every tab's stored draft is the
newest save of that tab the server acknowledged, and no tab's text ever overwrites another's."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from sysdojo.core.interview import Draft, Save, draft_apply, save_is_newer

TABS = ("tab-a", "tab-b")


class SaveNetwork(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.drafts: dict[str, Draft] = {}  # the server's store
        self.seq = dict.fromkeys(TABS, 0)
        self.in_flight: list[Save] = []  # sent, not arrived yet (any order, may be dropped)
        self.acked: dict[str, Save] = {}  # the newest save per tab the server answered "stored" to

    @rule(tab=st.sampled_from(TABS), text=st.text(max_size=8))
    def edit_and_send(self, tab: str, text: str) -> None:
        self.seq[tab] += 1
        self.in_flight.append(Save(tab=tab, seq=self.seq[tab], texts=(f"{tab}:{self.seq[tab]}:{text}",)))

    @precondition(lambda self: bool(self.in_flight))
    @rule(data=st.data(), keep=st.booleans())
    def deliver(self, data: st.DataObject, keep: bool) -> None:
        """One save arrives, in any order; `keep` leaves a copy in flight to arrive again later."""
        index = data.draw(st.integers(0, len(self.in_flight) - 1))
        save = self.in_flight[index] if keep else self.in_flight.pop(index)
        self.drafts, stored = draft_apply(self.drafts, save)
        if stored:
            self.acked[save.tab] = save
        else:  # refused only because an equal or newer save of the tab is already stored
            assert not save_is_newer(stored_seq=self.drafts[save.tab].seq, new_seq=save.seq)

    @precondition(lambda self: bool(self.in_flight))
    @rule(data=st.data())
    def drop(self, data: st.DataObject) -> None:
        self.in_flight.pop(data.draw(st.integers(0, len(self.in_flight) - 1)))

    @invariant()
    def stored_is_the_newest_acknowledged(self) -> None:
        for tab in TABS:
            acked = self.acked.get(tab)
            stored = self.drafts.get(tab)
            if acked is None:
                assert stored is None
                continue
            assert stored is not None
            assert (stored.seq, stored.texts) == (acked.seq, acked.texts)
            assert stored.texts[0].startswith(f"{tab}:")  # never another tab's text

    @invariant()
    def acknowledged_sequences_only_grow(self) -> None:
        for tab, save in self.acked.items():
            assert save.seq <= self.seq[tab]


SaveNetwork.TestCase.settings = settings(max_examples=300, stateful_step_count=40, deadline=None)
TestSaveNetwork = SaveNetwork.TestCase
