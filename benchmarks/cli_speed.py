"""How fast the command line answers, as whole processes, in one run.

Four commands are each started as a new process several times and timed, wall
clock, from start to exit:

- ``python -c pass``: the interpreter alone, the floor;
- ``paramref count "nn.Linear(784, 128)"``;
- ``paramref model --config llama-2-7b.json`` (Llama-2-7B's ``config.json``);
- a Python process that builds the same Llama-2-7B with ``transformers`` on the
  meta device and sums its parameters: what one would run without paramref.

Each command runs once untimed first, so that Python has cached the compiled
modules, as it has on any machine after the first use. It prints the median of
each and the speed-up of the model command over the ``transformers`` process,
and checks that both counted the same total.

    python benchmarks/cli_speed.py            # 15 runs of each
    python benchmarks/cli_speed.py --quick    # 5 runs of each
    python benchmarks/cli_speed.py --runs 3   # 3 runs of each
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LLAMA_2_7B = {
    "architectures": ["LlamaForCausalLM"],
    "hidden_size": 4096,
    "intermediate_size": 11008,
    "max_position_embeddings": 4096,
    "model_type": "llama",
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "num_key_value_heads": 32,
    "rms_norm_eps": 1e-05,
    "tie_word_embeddings": False,
    "torch_dtype": "float16",
    "vocab_size": 32000,
}

TRANSFORMERS = """
import json, sys, torch, transformers
transformers.logging.set_verbosity_error()
config = json.load(open(sys.argv[1]))
model_type = config.pop("model_type")
config.pop("architectures")
built = transformers.AutoConfig.for_model(model_type, **config)
with torch.device("meta"):
    model = transformers.AutoModelForCausalLM.from_config(built)
print(sum(p.numel() for p in model.parameters()))
"""


@dataclass(frozen=True)
class Timing:
    """The median wall time of one command, in seconds, and what it printed last."""

    name: str
    seconds: float
    output: str


#: The environment of every run. Python may cache compiled modules, as it does on
#: a reader's machine and as ``pip install`` does: the first, untimed run of each
#: command writes the cache (``PYTHONDONTWRITEBYTECODE`` would forbid it).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(name: str, command: Sequence[str], runs: int) -> Timing:
    subprocess.run(command, capture_output=True, env=ENVIRONMENT, check=True)
    times, output = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=ENVIRONMENT, check=True)
        times.append(time.perf_counter() - start)
        output = done.stdout
    return Timing(name, statistics.median(times), output)


def main(argv: Sequence[str] | None = None) -> dict[str, Timing]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 runs of each, not 15")
    parser.add_argument("--runs", type=int, help="this many runs of each")
    arguments = parser.parse_args(argv)
    runs = arguments.runs or (5 if arguments.quick else 15)
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "llama-2-7b.json"
        config.write_text(json.dumps(LLAMA_2_7B), encoding="utf-8")
        cli = [python, "-m", "paramref"]
        results = [
            timed("python -c pass", [python, "-c", "pass"], runs),
            timed("paramref count", [*cli, "count", "nn.Linear(784, 128)"], runs),
            timed("paramref model", [*cli, "model", "--config", str(config)], runs),
            timed("transformers (meta)", [python, "-c", TRANSFORMERS, str(config)], runs),
        ]
    by_name = {r.name: r for r in results}
    first_line = by_name["paramref model"].output.splitlines()[0]
    ours = int(first_line.rpartition(": ")[2].replace(",", ""))
    theirs = int(by_name["transformers (meta)"].output.strip())
    if ours != theirs:
        raise SystemExit(f"paramref counted {ours}, transformers {theirs}")
    for r in results:
        print(f"{r.name:<22} {r.seconds * 1e3:8.1f} ms")
    ratio = by_name["transformers (meta)"].seconds / by_name["paramref model"].seconds
    print(f"paramref model answers {ratio:,.0f}x faster than the transformers process")
    return by_name


if __name__ == "__main__":
    main()
