"""When an ambiguous trigger makes an event, read from the words around it: arms
after a verb of finding (العثور على أسلحة), a verb of waging before strikes
(نفذت الطائرات ضربات)."""

from __future__ import annotations

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.stages.events.analysis import Analysis, bare_forms
from newsie.stages.events.lexicon import CLAUSE_BREAKS, TriggerRule, function_words, norm_key
from newsie.text.lexicon import LexiconMatch

# How many words after a verb of finding its object may come (عثر بحوزتهم على 3 بنادق).
OBJECT_WINDOW = 4


def seized_follows(ana: Analysis, end: int, sentence: int) -> bool:
    """Arms or explosives a few words after the trigger, in its clause (العثور على
    أسلحة، ضبط 3 بنادق): a seizure, not a body or a clue found."""
    seized = function_words("seized")
    k, n = ana.token_at(end), 0
    while k < ana.sentences[sentence].last_token and n < OBJECT_WINDOW:
        tok = ana.tokens[k]
        if tok.text in CLAUSE_BREAKS:
            return False
        if tok.is_word:
            n += 1
            stems = bare_forms(norm_key(tok.text))
            if any(w.removeprefix(DEFINITE_ARTICLE) in seized for w in stems):
                return True
        k += 1
    return False


def waged(ana: Analysis, hit: LexiconMatch[TriggerRule], sentence: int) -> bool:
    """A verb of waging right before the trigger (شنت ضربات، تنفذ ضربات). The bare
    verbal noun (قرار شن ضربات، بشن ضربات) is a plan or a threat more often than not."""
    before = ana.words_before(hit.word_start, sentence, 1)
    if not before:
        return False
    verbs = function_words("waging") - function_words("waging_noun")
    return bool(set(bare_forms(norm_key(before[0].text))) & verbs)
