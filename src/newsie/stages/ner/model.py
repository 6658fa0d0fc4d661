"""newsie's NER model (a Stanza BiLSTM-CRF) run in plain torch, without Stanza.

The shipped files are Stanza's own (`scripts/train_ner.py` trains them with Stanza), but
Stanza's inference path costs more than the network: importing it pulls in transformers
(about 2 s), its data loader builds a Stanza Document and tensors in Python, it copies the
141k x 100 vector table into float32, and `predict` computes the CRF loss it then throws
away. This module computes what `stanza.models.ner.trainer.Trainer.predict` computes, with:

- the vector tables kept in float16 as stored (rows are widened when looked up, exactly as
  Stanza's float32 copy holds them) and the files memory-mapped;
- a per-word cache of the tagger's input (word vector + delta + character BiLSTM, through
  the input transform): these depend on the word alone, so a word seen before skips the
  character model, which otherwise costs as much as the tagger itself;
- one BiLSTM call per batch of sentences sorted by length, and a batched Viterbi decode;
- by default, the tagger's BiLSTM and output layer in int8 (dynamic quantisation), and
  torch at one thread.

In float32 the tags equal Stanza's (`tests/test_ner_model.py`; all 3,424 sentences of the
AQMAR, ANERcorp and dev test sets); int8 changes 11 of 27,665 corpus tags and moves F1 by
+0.2 at most (models/README.md). Results depend only on the article, not on what the
cache holds: cached rows are the same numbers whatever batch computed them, to float
rounding.
"""

from __future__ import annotations

import os
import pickle
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# Stanza's vocabulary prefix: <PAD>, <UNK>, <EMPTY>, <ROOT>.
PAD_ID, UNK_ID, EMPTY_ID, PREFIX_SIZE = 0, 1, 2, 4
# Words whose tagger input is kept; 30k x 300 float32 is 36 MB, and news reuses its words.
CACHE_WORDS = 30_000
# Sentences per BiLSTM call: sorted by length, so a batch pads little.
BATCH_SENTENCES = 64
THREADS_VARIABLE = "NEWSIE_TORCH_THREADS"
INT8_VARIABLE = "NEWSIE_NER_INT8"


def torch_threads() -> int:
    """Threads torch may use for NER: 1 unless $NEWSIE_TORCH_THREADS says otherwise.
    Parallelism comes from worker processes; torch's default of one thread per core makes
    a process crawl as soon as another one keeps a core busy (0.5 articles/s, issue 17)."""
    try:
        return max(1, int(os.environ.get(THREADS_VARIABLE, "1")))
    except ValueError:
        return 1


# What a Stanza model or pretrain file may name besides tensor storages (which torch.load
# resolves itself): dicts, sets and tensors, nothing that runs code.
_PICKLE_GLOBALS = frozenset(
    {
        ("collections", "OrderedDict"),
        ("builtins", "set"),
        ("__builtin__", "set"),
        ("builtins", "frozenset"),
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch._utils", "_rebuild_parameter"),
    }
)


class _ModelUnpickler(pickle.Unpickler):
    """Python's C unpickler, refusing every global but _PICKLE_GLOBALS. torch.load's
    weights_only mode is as safe but unpickles in Python: 9.6 s against 0.9 s for the two
    files (their vocabularies hold 141k words twice), measured in one run."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _PICKLE_GLOBALS:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a model file")
        return super().find_class(module, name)


_PICKLE_MODULE = types.ModuleType("newsie_model_pickle")
_PICKLE_MODULE.Unpickler = _ModelUnpickler  # type: ignore[attr-defined]
_PICKLE_MODULE.load = pickle.load  # type: ignore[attr-defined]


def load_checkpoint(path: Path) -> Any:
    """A Stanza model or pretrain file, memory-mapped, through _ModelUnpickler."""
    import torch

    return torch.load(
        path, map_location="cpu", weights_only=False, mmap=True, pickle_module=_PICKLE_MODULE
    )


def int8_default() -> bool:
    """Whether the tagger's BiLSTM and output layer run in int8 (dynamic quantisation):
    yes unless $NEWSIE_NER_INT8 is 0. It makes that BiLSTM, most of the stage's time,
    about 1.8x faster; NER F1 moves by at most +0.2 points (models/README.md)."""
    return os.environ.get(INT8_VARIABLE, "1").strip().lower() not in ("0", "false", "no", "off")


def fix_singleton_tags(tags: list[str]) -> list[str]:
    """Stanza's repair of a decoded BIOES sequence (stanza.models.ner.trainer): a stray
    I- becomes B- or E-, and a lone B- or E- becomes S-."""
    new = list(tags)
    n = len(new)
    for i, tag in enumerate(new):
        if tag.startswith("I-"):
            kind = tag[2:]
            if i == n - 1 or (new[i + 1] != "I-" + kind and new[i + 1] != "E-" + kind):
                new[i] = "E-" + kind
            if i == 0 or (new[i - 1] != "B-" + kind and new[i - 1] != "I-" + kind):
                new[i] = "B-" + kind
    for i, tag in enumerate(new):
        kind = tag[2:]
        if tag.startswith("B-") and (
            i == n - 1 or (new[i + 1] != "I-" + kind and new[i + 1] != "E-" + kind)
        ):
            new[i] = "S-" + kind
        if tag.startswith("E-") and (
            i == 0 or (new[i - 1] != "B-" + kind and new[i - 1] != "I-" + kind)
        ):
            new[i] = "S-" + kind
    return new


def viterbi_batch(scores: np.ndarray, lengths: Sequence[int], trans: np.ndarray) -> list[list[int]]:
    """Best tag ids per sentence of a padded (batch, time, tags) score array: Stanza's
    `viterbi_decode` (same operations, same tie-breaking), run for the whole batch."""
    batch, steps, _ = scores.shape
    trellis = np.empty_like(scores)
    back = np.zeros(scores.shape, dtype=np.int64)
    trellis[:, 0] = scores[:, 0]
    for t in range(1, steps):
        v = trellis[:, t - 1, :, None] + trans[None]
        best = v.argmax(1)
        back[:, t] = best
        trellis[:, t] = scores[:, t] + np.take_along_axis(v, best[:, None, :], 1)[:, 0]
    paths = []
    for b in range(batch):
        last = lengths[b] - 1
        best = int(trellis[b, last].argmax())
        path = [best]
        row = back[b]
        for t in range(last, 0, -1):
            best = int(row[t, best])
            path.append(best)
        path.reverse()
        paths.append(path)
    return paths


class NerModel:
    """The tagger: `model(sentences)` gives a BIOES tag per word, as Stanza's would."""

    def __init__(self, model_path: Path, pretrain_path: Path, quantize: bool | None = None) -> None:
        import warnings

        import torch
        from torch import nn

        torch.set_num_threads(torch_threads())
        ckpt = load_checkpoint(model_path)
        pretrain = load_checkpoint(pretrain_path)
        state: dict[str, Any] = ckpt["model"]
        vocab = ckpt["vocab"]
        args = ckpt["config"]
        if args.get("charlm") or args.get("bert_model") or not args.get("input_transform"):
            raise ValueError(f"{model_path}: not the model shape NerModel runs")
        self.lowercase = bool(args.get("lowercase", True))
        self.char_lowercase = bool(args.get("char_lowercase", False))
        word_vocab = pretrain["vocab"]
        self.word_lower = bool(word_vocab.get("lower", False))
        self.word_ids: dict[str, int] = word_vocab["_unit2id"]
        self.word_list: list[str] = word_vocab["_id2unit"]
        self.delta_ids: dict[str, int] = vocab["delta"]["_unit2id"]
        self.delta_lower = bool(vocab["delta"].get("lower", False))
        # Training words the pretrain lacks (emb_finetune_known_only): Stanza's WordVocab
        # maps them to <EMPTY>, whose delta row the model learnt, not to <UNK>.
        self.delta_ignore: frozenset[str] = frozenset(vocab["delta"].get("ignore") or ())
        self.char_ids: dict[str, int] = vocab["char"]["_unit2id"]
        tags = vocab["tag"]["_id2unit"]
        self.tags: list[str] = list(tags[0] if isinstance(tags, dict) else tags)
        self.outside = self.tags.index("O")
        self.word_emb = pretrain["emb"]  # float16, memory-mapped
        self.delta_emb = state["delta_emb.weight"]

        def lstm(prefix: str, size_in: int, hidden: int) -> nn.LSTM:
            layer = nn.LSTM(size_in, hidden, batch_first=True, bidirectional=True)
            layer.load_state_dict(
                {k[len(prefix) :]: v.float() for k, v in state.items() if k.startswith(prefix)}
            )
            return layer

        emb = state["charmodel.char_emb.weight"]
        self.char_emb = nn.Embedding(emb.shape[0], emb.shape[1], padding_idx=0)
        self.char_emb.weight.data.copy_(emb)
        self.char_lstm = lstm("charmodel.charlstm.lstm.", emb.shape[1], args["char_hidden_dim"])
        self.char_h0 = state["charmodel.charlstm_h_init"].float()
        self.char_c0 = state["charmodel.charlstm_c_init"].float()
        size = state["input_transform.weight"].shape[0]
        self.transform = nn.Linear(size, size)
        self.transform.load_state_dict(
            {"weight": state["input_transform.weight"], "bias": state["input_transform.bias"]}
        )
        self.tagger = nn.Sequential()  # a container, so quantize_dynamic can swap the layers
        self.tagger.add_module("lstm", lstm("taggerlstm.lstm.", size, args["hidden_dim"]))
        clf = nn.Linear(2 * args["hidden_dim"], len(self.tags))
        clf.load_state_dict(
            {"weight": state["tag_clfs.0.weight"], "bias": state["tag_clfs.0.bias"]}
        )
        self.tagger.add_module("clf", clf)
        self.quantized = int8_default() if quantize is None else quantize
        if self.quantized:
            with warnings.catch_warnings():  # torch.ao.quantization says it will move to torchao
                warnings.simplefilter("ignore")
                self.tagger = torch.ao.quantization.quantize_dynamic(
                    self.tagger, {nn.LSTM, nn.Linear}, dtype=torch.qint8
                )
        self.lstm: Any = self.tagger.get_submodule("lstm")
        self.clf: Any = self.tagger.get_submodule("clf")
        self.h0 = state["taggerlstm_h_init"].float()
        self.c0 = state["taggerlstm_c_init"].float()
        self.trans = state["crits.0._transitions"].float().numpy()
        for module in (self.char_emb, self.char_lstm, self.transform, self.tagger):
            module.eval()
        self.size = size
        self.cache_rows = torch.empty(CACHE_WORDS, size)
        self.cache: dict[str, int] = {}

    # --- inputs -------------------------------------------------------------------------

    def _word_id(self, word: str) -> int:
        w = word.lower() if self.lowercase else word
        w = w.lower() if self.word_lower else w
        return self.word_ids.get(w.replace(" ", "\xa0"), UNK_ID)

    def _inputs(self, words: list[str]) -> Any:
        """Tagger inputs (after the input transform) of distinct words: Stanza's
        word vector + delta, and the final states of the character BiLSTM."""
        import torch
        from torch.nn.utils.rnn import pack_padded_sequence

        word_ids = [self._word_id(w) for w in words]
        delta_ids = []
        for w, wid in zip(words, word_ids, strict=True):
            key = w.lower() if self.lowercase else w
            if key in self.delta_ignore:
                did = EMPTY_ID
            else:
                did = self.delta_ids.get(key.lower() if self.delta_lower else key, UNK_ID)
            delta_ids.append(PAD_ID if did == UNK_ID and wid != UNK_ID else did)
        vectors = self.word_emb[torch.tensor(word_ids)].float()
        vectors = vectors + self.delta_emb[torch.tensor(delta_ids)].float()
        case = str.lower if self.char_lowercase else str
        chars = [[self.char_ids.get(c, UNK_ID) for c in case(w)] for w in words]
        lengths = torch.tensor([max(1, len(c)) for c in chars])
        padded = torch.zeros(len(chars), int(lengths.max()), dtype=torch.long)
        for i, c in enumerate(chars):
            padded[i, : len(c)] = torch.tensor(c, dtype=torch.long)
        packed = pack_padded_sequence(
            self.char_emb(padded), lengths, batch_first=True, enforce_sorted=False
        )
        n = len(words)
        hx = (
            self.char_h0.expand(-1, n, -1).contiguous(),
            self.char_c0.expand(-1, n, -1).contiguous(),
        )
        _, (h, _) = self.char_lstm(packed, hx)
        char_reps = h[-2:].transpose(0, 1).reshape(n, -1)
        return self.transform(torch.cat([vectors, char_reps], 1))

    def _lookup(self, sentences: Sequence[Sequence[str]]) -> Any:
        """The (batch, longest, size) tagger input of sentences, zero-padded, through the
        per-word cache."""
        import torch

        new = list(dict.fromkeys(w for s in sentences for w in s if w not in self.cache))
        if len(self.cache) + len(new) > CACHE_WORDS:
            self.cache.clear()  # a new start beats bookkeeping: news text refills it fast
            new = list(dict.fromkeys(w for s in sentences for w in s))
        table, overflow = self.cache_rows, []
        if new:
            rows = self._inputs(new)
            start = len(self.cache)
            room = min(len(new), CACHE_WORDS - start)
            table[start : start + room] = rows[:room]
            self.cache.update(zip(new[:room], range(start, start + room), strict=True))
            if room < len(new):  # more distinct words in one call than the cache holds
                overflow = new[room:]
                table = torch.cat([table, rows[room:]])
                self.cache.update(zip(overflow, range(CACHE_WORDS, len(table)), strict=True))
        cache = self.cache
        index = torch.full((len(sentences), max(map(len, sentences))), -1, dtype=torch.long)
        for i, s in enumerate(sentences):
            index[i, : len(s)] = torch.tensor([cache[w] for w in s], dtype=torch.long)
        padded = table[index.clamp(min=0)]
        padded[index < 0] = 0.0
        for w in overflow:
            del cache[w]  # its row lives only in this call's table
        return padded

    # --- tagging ------------------------------------------------------------------------

    def __call__(self, sentences: list[list[str]]) -> list[list[str]]:
        import torch

        result: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        with torch.inference_mode():
            for start in range(0, len(order), BATCH_SENTENCES):
                batch = order[start : start + BATCH_SENTENCES]
                tags = self._tag_sorted([sentences[i] for i in batch])
                for i, t in zip(batch, tags, strict=True):
                    result[i] = t
        return result

    def _tag_sorted(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tags of sentences sorted longest first (what a packed batch needs)."""
        from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

        lengths = [len(s) for s in sentences]
        packed = pack_padded_sequence(self._lookup(sentences), lengths, batch_first=True)
        n = len(sentences)
        hx = (self.h0.expand(-1, n, -1).contiguous(), self.c0.expand(-1, n, -1).contiguous())
        out, _ = self.lstm(packed, hx)
        padded, _ = pad_packed_sequence(out, batch_first=True)
        scores = self.clf(padded).numpy()
        paths = viterbi_batch(scores, lengths, self.trans)
        names, outside = self.tags, self.outside
        return [
            [names[outside]] * len(path)
            if all(t == outside for t in path)  # most sentences: nothing to repair
            else fix_singleton_tags([names[max(t, PREFIX_SIZE)] for t in path])
            for path in paths
        ]
