"""Group key issues into themes: Thai words segmented by pythainlp, TF-IDF + cosine by scikit-learn.

An issue's words are its title (counted twice: it is what the group chose to say) and its problem
text, segmented with pythainlp's ``newmm`` (the tokeniser the registry's search keys use) without
Thai stop words, spaces and punctuation. scikit-learn weighs the words (TF-IDF, so a word every
issue uses tells little) and measures how alike two issues are (cosine of their vectors).

The grouping is average-linkage agglomeration with a threshold: the two most alike groups merge
while their mean similarity is at least ``THRESHOLD``. It is written here over scikit-learn's
similarity matrix, not with ``AgglomerativeClustering``, because the officer's decisions are
constraints that library has no place for: issues the officer put in one theme start as one group,
and two groups the officer named differently never merge (a cannot-link), whatever their words.

A theme without an officer's name is named from its most telling words: the highest summed TF-IDF
weights of its issues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from pythainlp.corpus import thai_stopwords
from pythainlp.tokenize import word_tokenize
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from registry.text import TOKENIZER, fold

# Mean cosine similarity at which two groups of issues are one theme. Chosen on the demo's and the
# tests' phrasings: the same problem worded by two groups scores 0.3–0.6, unrelated issues < 0.1.
THRESHOLD = 0.25
NAME_WORDS = 3
TITLE_WEIGHT = 2
_WORD = re.compile(r"[ก-๙A-Za-z0-9]")
# Words that every key issue of the programme uses: they tell one theme from another no better
# than a stop word does.
PROGRAMME_WORDS = frozenset({"ชุมชน", "ปัญหา", "พื้นที่", "ประชาชน", "เขต", "การ", "ความ", "ให้", "มี"})


def issue_key(text: str) -> str:
    """Return the key an officer's decision is stored under: the issue's text, folded."""
    return fold(text)[:300]


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(thai_stopwords()) | PROGRAMME_WORDS


@lru_cache(maxsize=8192)
def words_of(text: str) -> tuple[str, ...]:
    """Segment a Thai text into the words that carry meaning (cached: issues repeat year on year)."""
    stop = _stop_words()
    return tuple(
        token
        for token in word_tokenize(text or "", engine=TOKENIZER, keep_whitespace=False)
        if len(token.strip()) > 1 and _WORD.search(token) and token not in stop
    )


@dataclass(frozen=True)
class IssueText:
    """What the clustering reads of one key issue."""

    pk: int
    title: str
    problem: str = ""
    decided: str = ""  # the officer's theme name for this issue's text, if any


@dataclass
class Cluster:
    members: list[int]  # issue pks, in input order
    name: str  # the officer's name, or the most telling words
    words: list[str] = field(default_factory=list)
    is_named_by_officer: bool = False


def _analyser(words: Sequence[str]) -> Sequence[str]:
    return words


def cluster_issues(issues: Sequence[IssueText], *, threshold: float = THRESHOLD) -> list[Cluster]:
    """Group the issues into themes, honouring the officer's decisions; largest themes first."""
    if not issues:
        return []
    documents = [words_of(i.title) * TITLE_WEIGHT + words_of(i.problem) for i in issues]
    if not any(documents):
        documents = [(fold(i.title) or str(i.pk),) for i in issues]
    vectorizer = TfidfVectorizer(analyzer=_analyser, sublinear_tf=True)
    vectors = vectorizer.fit_transform(documents)
    vocabulary = vectorizer.get_feature_names_out()
    lengths = np.array([len(word) for word in vocabulary])
    similarity = cosine_similarity(vectors)

    # Start: one group per officer's name, one per undecided issue.
    groups: list[list[int]] = []
    names: list[str] = []
    by_name: dict[str, int] = {}
    for index, issue in enumerate(issues):
        if issue.decided:
            if issue.decided not in by_name:
                by_name[issue.decided] = len(groups)
                groups.append([])
                names.append(issue.decided)
            groups[by_name[issue.decided]].append(index)
        else:
            groups.append([index])
            names.append("")
    groups, names = _agglomerate(similarity, groups, names, threshold)

    clusters = []
    for members, name in zip(groups, names, strict=True):
        weights = np.round(np.asarray(vectors[members].sum(axis=0)).ravel(), 6)
        # Heaviest first; between equal weights the longer word (น้ำท่วม before ขัง) tells more.
        order = np.lexsort((-lengths, -weights))
        top = [vocabulary[i] for i in order[:NAME_WORDS] if weights[i] > 0]
        clusters.append(
            Cluster(
                members=[issues[i].pk for i in sorted(members)],
                name=name or " · ".join(top) or issues[members[0]].title,
                words=top,
                is_named_by_officer=bool(name),
            )
        )
    clusters.sort(key=lambda c: (-len(c.members), c.members[0]))
    return clusters


def _agglomerate(
    similarity: np.ndarray, groups: list[list[int]], names: list[str], threshold: float
) -> tuple[list[list[int]], list[str]]:
    """Merge the most alike pair of groups while their mean similarity reaches the threshold."""
    count = len(groups)
    sizes = np.array([len(g) for g in groups], dtype=float)
    # Mean similarity between groups (average linkage), from the issues' matrix.
    membership = np.zeros((count, similarity.shape[0]))
    for g, members in enumerate(groups):
        membership[g, members] = 1.0
    linkage = membership @ similarity @ membership.T / np.outer(sizes, sizes)
    np.fill_diagonal(linkage, -np.inf)
    _forbid_named_pairs(linkage, names, range(count))
    alive = np.ones(count, dtype=bool)
    while True:
        flat = int(np.argmax(linkage))
        a, b = divmod(flat, count)
        if linkage[a, b] < threshold:
            break
        # Lance–Williams update for average linkage: the new group's mean similarity to each other.
        merged = (sizes[a] * linkage[a] + sizes[b] * linkage[b]) / (sizes[a] + sizes[b])
        groups[a] += groups[b]
        names[a] = names[a] or names[b]
        sizes[a] += sizes[b]
        linkage[a, :] = merged
        linkage[:, a] = merged
        linkage[b, :] = -np.inf
        linkage[:, b] = -np.inf
        linkage[a, a] = -np.inf
        alive[b] = False
        linkage[~alive, :] = -np.inf
        linkage[:, ~alive] = -np.inf
        if names[a]:
            _forbid_named_pairs(linkage, names, [a], alive=alive)
    kept = [g for g in range(count) if alive[g]]
    return [groups[g] for g in kept], [names[g] for g in kept]


def _forbid_named_pairs(linkage: np.ndarray, names: list[str], rows, alive=None) -> None:
    """Two groups the officer named differently never merge."""
    for a in rows:
        if not names[a]:
            continue
        for b, other in enumerate(names):
            if other and other != names[a] and (alive is None or alive[b]):
                linkage[a, b] = linkage[b, a] = -np.inf
