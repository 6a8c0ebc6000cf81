"""Planning the layout work: batches of one kind, shrinking towards the end."""
from __future__ import annotations

from scripts.leaflets import plan

def test_batches_keep_kinds_apart_and_shrink_at_the_end():
    kinds = [[("zh", i) for i in range(2000)], [("en", i) for i in range(2000)], [("bi", i) for i in range(5)]]
    out = plan.batches(kinds, jobs=2)
    assert [l for batch in out for l in batch] == kinds[0] + kinds[1] + kinds[2]  # each once, in order
    assert all(len({kind for kind, _ in batch}) == 1 for batch in out)  # one kind per document
    assert max(map(len, out)) == plan.MAX_BATCH
    ends = {len(kinds[0]) - 1, len(kinds[0]) + len(kinds[1]) - 1}
    position = 0
    for batch in out[:-1]:
        position += len(batch)
        if position - 1 not in ends:  # only the last batch of a kind may be short
            assert len(batch) >= plan.MIN_BATCH
    assert len(out[-2]) < plan.MAX_BATCH  # the workers finish on short documents
