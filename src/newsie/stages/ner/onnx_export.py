"""Export of the shipped Stanza NER model's networks to ONNX, for ONNX Runtime.

The stage runs the model through ONNX Runtime, which imports in 0.2 s where torch takes
1.4 s, and whose int8 LSTM is as fast as torch's. Two graphs are written beside the model:

- `*.words.onnx`: a word's tagger input from its word vector (+ delta, looked up in NumPy)
  and its characters: character embedding, character BiLSTM (final states), input
  transform. Float32, as in Stanza.
- `*.tagger.onnx`: the tagger BiLSTM over a batch of sentences and the output layer,
  giving tag scores; `*.tagger.int8.onnx` is the same with the LSTM and the output
  layer quantised to int8 (ONNX Runtime's dynamic quantisation).

The Stanza file stays the source: each graph records the SHA-256 of the file it came from,
and the stage refuses graphs of another file. Needs the `onnx` package (the `dev` and
`train` extras); `scripts/train_ner.py` runs it after training, and
`python -m newsie.stages.ner.onnx_export MODEL.pt` runs it by hand.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from newsie.stages.ner.checkpoint import read_checkpoint

OPSET = 17
SOURCE_KEY = "source_sha256"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def graph_paths(model_path: Path) -> dict[str, Path]:
    """Where the graphs of a Stanza model file live: beside it, named after it."""
    stem = model_path.with_suffix("")
    return {
        "words": stem.with_name(stem.name + ".words.onnx"),
        "tagger": stem.with_name(stem.name + ".tagger.onnx"),
        "tagger_int8": stem.with_name(stem.name + ".tagger.int8.onnx"),
    }


def _gates(weight: np.ndarray) -> np.ndarray:
    """torch orders an LSTM's gates input, forget, cell, output; ONNX input, output,
    forget, cell."""
    i, f, g, o = np.split(np.asarray(weight, dtype=np.float32), 4, axis=0)
    return np.concatenate([i, o, f, g], 0)


def _lstm_inputs(state: dict[str, Any], prefix: str) -> list[tuple[str, np.ndarray]]:
    """ONNX LSTM W, R and B (both directions) from a torch LSTM's state dict."""

    def both(name: str) -> list[np.ndarray]:
        return [_gates(state[prefix + name]), _gates(state[prefix + name + "_reverse"])]

    biases = [
        np.concatenate(pair) for pair in zip(both("bias_ih_l0"), both("bias_hh_l0"), strict=True)
    ]
    return [
        ("W", np.stack(both("weight_ih_l0"))),
        ("R", np.stack(both("weight_hh_l0"))),
        ("B", np.stack(biases)),
    ]


def _lstm_nodes(helper: Any, x: str, lengths: str, hidden: int, init: str) -> list[Any]:
    """A bidirectional LSTM over time-major x, its initial states (learnt, [2, 1, H])
    repeated for every sequence of the batch."""
    return [
        helper.make_node("Shape", [lengths], ["batch"]),
        helper.make_node("Concat", ["two", "batch", "hidden"], ["state_shape"], axis=0),
        helper.make_node("Expand", [init + "_h", "state_shape"], ["h0"]),
        helper.make_node("Expand", [init + "_c", "state_shape"], ["c0"]),
        helper.make_node(
            "LSTM",
            [x, "W", "R", "B", lengths, "h0", "c0"],
            ["y", "y_h"],
            hidden_size=hidden,
            direction="bidirectional",
        ),
    ]


def _build(
    name: str,
    nodes: list[Any],
    inputs: list[Any],
    outputs: list[Any],
    arrays: list[tuple[str, np.ndarray]],
    source: str,
) -> Any:
    import onnx
    from onnx import helper, numpy_helper

    initializers = [numpy_helper.from_array(np.ascontiguousarray(a), n) for n, a in arrays]
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    helper.set_model_props(model, {SOURCE_KEY: source})
    onnx.checker.check_model(model)
    return model


def words_graph(state: dict[str, Any], hidden: int, source: str) -> Any:
    """chars [N, L] int64 (0-padded), char_lengths [N] int32, vectors [N, 100] float ->
    inputs [N, transform size]."""
    from onnx import TensorProto, helper

    f32 = np.float32
    size = state["input_transform.weight"].shape[0]
    nodes = [
        helper.make_node("Gather", ["char_emb", "chars"], ["embedded"]),
        helper.make_node("Transpose", ["embedded"], ["time_major"], perm=[1, 0, 2]),
        *_lstm_nodes(helper, "time_major", "char_lengths", hidden, "init"),
        helper.make_node("Transpose", ["y_h"], ["finals"], perm=[1, 0, 2]),
        helper.make_node("Reshape", ["finals", "flat"], ["char_reps"]),
        helper.make_node("Concat", ["vectors", "char_reps"], ["joined"], axis=1),
        helper.make_node("MatMul", ["joined", "transform_w"], ["projected"]),
        helper.make_node("Add", ["projected", "transform_b"], ["inputs"]),
    ]
    arrays = [
        ("char_emb", np.asarray(state["charmodel.char_emb.weight"], dtype=f32)),
        *_lstm_inputs(state, "charmodel.charlstm.lstm."),
        ("init_h", np.asarray(state["charmodel.charlstm_h_init"], dtype=f32)),
        ("init_c", np.asarray(state["charmodel.charlstm_c_init"], dtype=f32)),
        ("two", np.array([2], dtype=np.int64)),
        ("hidden", np.array([hidden], dtype=np.int64)),
        ("flat", np.array([0, -1], dtype=np.int64)),
        ("transform_w", np.asarray(state["input_transform.weight"], dtype=f32).T),
        ("transform_b", np.asarray(state["input_transform.bias"], dtype=f32)),
    ]
    vector_size = size - 2 * hidden
    inputs = [
        helper.make_tensor_value_info("chars", TensorProto.INT64, ["N", "L"]),
        helper.make_tensor_value_info("char_lengths", TensorProto.INT32, ["N"]),
        helper.make_tensor_value_info("vectors", TensorProto.FLOAT, ["N", vector_size]),
    ]
    outputs = [helper.make_tensor_value_info("inputs", TensorProto.FLOAT, ["N", size])]
    return _build("newsie_ner_words", nodes, inputs, outputs, arrays, source)


def tagger_graph(state: dict[str, Any], hidden: int, source: str) -> Any:
    """inputs [B, T, size] float, lengths [B] int32 -> scores [B, T, tags]."""
    from onnx import TensorProto, helper

    f32 = np.float32
    size = state["input_transform.weight"].shape[0]
    tags = state["tag_clfs.0.weight"].shape[0]
    nodes = [
        helper.make_node("Transpose", ["inputs"], ["time_major"], perm=[1, 0, 2]),
        *_lstm_nodes(helper, "time_major", "lengths", hidden, "init"),
        helper.make_node("Transpose", ["y"], ["batch_major"], perm=[2, 0, 1, 3]),
        helper.make_node("Reshape", ["batch_major", "flat"], ["states"]),
        helper.make_node("MatMul", ["states", "clf_w"], ["logits"]),
        helper.make_node("Add", ["logits", "clf_b"], ["scores"]),
    ]
    arrays = [
        *_lstm_inputs(state, "taggerlstm.lstm."),
        ("init_h", np.asarray(state["taggerlstm_h_init"], dtype=f32)),
        ("init_c", np.asarray(state["taggerlstm_c_init"], dtype=f32)),
        ("two", np.array([2], dtype=np.int64)),
        ("hidden", np.array([hidden], dtype=np.int64)),
        ("flat", np.array([0, 0, -1], dtype=np.int64)),
        ("clf_w", np.asarray(state["tag_clfs.0.weight"], dtype=f32).T),
        ("clf_b", np.asarray(state["tag_clfs.0.bias"], dtype=f32)),
    ]
    inputs = [
        helper.make_tensor_value_info("inputs", TensorProto.FLOAT, ["B", "T", size]),
        helper.make_tensor_value_info("lengths", TensorProto.INT32, ["B"]),
    ]
    outputs = [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["B", "T", tags])]
    return _build("newsie_ner_tagger", nodes, inputs, outputs, arrays, source)


def export(model_path: Path) -> dict[str, Path]:
    """Write the three graphs of a Stanza NER model file beside it; their paths."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    checkpoint = read_checkpoint(model_path)
    state, config = checkpoint["model"], checkpoint["config"]
    source = sha256_of(model_path)
    paths = graph_paths(model_path)
    onnx.save(words_graph(state, config["char_hidden_dim"], source), paths["words"])
    onnx.save(tagger_graph(state, config["hidden_dim"], source), paths["tagger"])
    with tempfile.TemporaryDirectory() as tmp:
        quantized = Path(tmp) / "tagger.int8.onnx"
        quantize_dynamic(
            paths["tagger"],
            quantized,
            op_types_to_quantize=["LSTM", "MatMul"],
            weight_type=QuantType.QInt8,
            # Shape inference cannot type the output layer's input (it follows an LSTM).
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        model = onnx.load(quantized)
    onnx.helper.set_model_props(model, {SOURCE_KEY: source})
    onnx.save(model, paths["tagger_int8"])
    return paths


if __name__ == "__main__":
    for written in export(Path(sys.argv[1])).values():
        print(written)
