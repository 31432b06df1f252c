"""The ``fhn-hw`` command.

User errors (a bad config, profile, graph or dataset) print one line naming
the input, the key and the value, and exit with status 2 before any output
file is written; ``--debug`` shows the traceback as well.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path


import numpy as np

from .errors import FhnHwError

log = logging.getLogger("fhn_hw")

#: What a training run writes into its --out directory.
RUN_FILES = ("checkpoint.json", "metrics.json")


def bounded(low, high=None, kind=int):
    """An argparse type: a ``kind`` number in [low, high] (no upper bound
    when ``high`` is None), or a one-line error naming the value and what was
    expected."""
    what = "an integer" if kind is int else "a number"
    expected = f"{what} >= {low}" if high is None else f"{what} in [{low}, {high}]"

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not (low <= value and (high is None or value <= high)):
            raise argparse.ArgumentTypeError(f"{text!r}: expected {expected}")
        return value

    return parse


_positive_int, _workers, _seed = bounded(1), bounded(1, 64), bounded(0)


class _Parser(argparse.ArgumentParser):
    """argparse with the one-line error of every other user error."""

    def error(self, message):
        self.exit(2, f"fhn-hw: error: {self.prog}: {message} (see fhn-hw --help)\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="fhn-hw",
        description=(
            "FitzHugh-Nagumo resistive chips: compile to SPICE, settle in ngspice, "
            "train in situ by Equilibrium Propagation."
        ),
    )
    top.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = top.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train = commands.add_parser("train", help="train a chip by EP")
    train.add_argument("config", type=Path, nargs="?")
    train.add_argument("--out", type=Path, help="run directory")
    train.add_argument(
        "--resume",
        type=Path,
        metavar="DIR",
        help="continue the run in DIR from its last checkpoint (no CONFIG, no --out)",
    )
    train.add_argument("--backend", choices=("ngspice", "twin"))
    train.add_argument("--epochs", type=_positive_int)
    train.add_argument("--seed", type=_seed)
    train.add_argument(
        "--workers",
        type=_workers,
        help="worker processes that share each mini-batch (data-parallel EP)",
    )
    train.add_argument(
        "--profile",
        help="hardware profile: a name in hardware_profiles/ or a path to a TOML file",
    )

    verify = commands.add_parser("verify", help="check twin, ngspice, EP and stability")
    verify.add_argument("config", type=Path)
    verify.add_argument("--out", type=Path, required=True)
    verify.add_argument("--profile", help="hardware profile name or path")
    verify.add_argument(
        "--checkpoint",
        type=Path,
        help="a trained checkpoint.json; without it the chip is "
        "first trained on the twin as the config says",
    )
    sweep = commands.add_parser("sweep", help="nonideality sweep into a results store")
    sweep.add_argument("sweep", type=Path)
    sweep.add_argument("--out", type=Path, required=True)
    sweep.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="local worker processes (default 1)",
    )
    sweep.add_argument(
        "--scheduler",
        help="address of a Dask distributed scheduler, "
        "e.g. tcp://127.0.0.1:8786; points then run on its workers",
    )
    export = commands.add_parser("export", help="export a trained chip for a fab flow")
    export.add_argument("checkpoint", type=Path)
    export.add_argument("--out", type=Path, required=True)
    export.add_argument(
        "--format",
        default="spice,spectre,cdl",
        help="comma-separated subset of spice,spectre,cdl",
    )
    export.add_argument(
        "--profile", help="map onto this profile instead of the checkpoint's own"
    )
    export.add_argument(
        "--quantize",
        action="store_true",
        help="write each conductance at the nearest of the profile's "
        "levels, and measure the accuracy that leaves",
    )
    export.add_argument(
        "--vectors",
        type=_positive_int,
        help="test vectors in the testbench (default: the whole test split)",
    )
    export.add_argument(
        "--monte-carlo",
        type=_positive_int,
        default=0,
        metavar="N",
        help="also write and run a Monte Carlo testbench of N runs",
    )
    export.add_argument("--seed", type=_seed, default=0, help="Monte Carlo seed")
    ham = commands.add_parser(
        "hamiltonian",
        help="check the layer-wise Hamiltonian recurrence of deep residual chains",
    )
    ham.add_argument("config", type=Path)
    ham.add_argument("--out", type=Path, required=True)
    return top


def _overrides(args) -> dict:
    found = {}
    for flag, key in (
        ("backend", "train.backend"),
        ("epochs", "train.epochs"),
        ("seed", "train.seed"),
        ("workers", "train.workers"),
    ):
        if getattr(args, flag, None) is not None:
            found[key] = getattr(args, flag)
    return found


def _prepare_out(out: Path) -> None:
    """Refuse an --out that cannot become a directory, before anything is written."""
    if str(out) in ("", "."):
        raise FhnHwError(
            f"--out {str(out)!r}: expected a directory for the run's files"
        )
    for place in (out, *out.parents):
        if place.exists() and not place.is_dir():
            raise FhnHwError(f"--out {out}: {place} exists and is not a directory")
    for name in RUN_FILES:
        if (out / name).exists():
            raise FhnHwError(
                f"--out {out}: it already holds a run ({name}); expected a new "
                f"directory (or continue that run: fhn-hw train --resume {out} "
                "--epochs N)"
            )


def run_train(args) -> int:
    from . import experiment
    from .config import load_experiment

    if args.resume is not None:
        run = _resumed_run(args)
        config = run.experiment
        args.out = args.resume
    else:
        if args.config is None or args.out is None:
            raise FhnHwError(
                "train: expected CONFIG and --out DIR (or --resume DIR alone)"
            )
        config = load_experiment(args.config, _overrides(args), profile=args.profile)
        _prepare_out(args.out)
        run = experiment.prepare(config, config.train["backend"])
    args.out.mkdir(parents=True, exist_ok=True)
    log.info(
        "training %s on %s: %d cells, %d conductances, backend %s, profile %s",
        config.path,
        config.data["dataset"],
        run.topology.n_free,
        len(run.topology.edges),
        config.train["backend"],
        config.profile.name,
    )
    started = time.perf_counter()
    try:
        experiment.train(run, args.out)
        metrics = experiment.write_results(run, args.out, time.perf_counter() - started)
    finally:
        run.close()
    print(
        json.dumps(
            {
                k: metrics[k]
                for k in (
                    "backend",
                    "epochs",
                    "seed",
                    "train_accuracy",
                    "test_accuracy",
                    "seconds",
                )
            }
        )
    )
    return 0


def _resumed_run(args):
    """The run of ``--resume DIR``: its stored config and state, continued."""
    from . import checkpoint, experiment

    if args.config is not None or args.out is not None or args.profile is not None:
        raise FhnHwError(
            f"--resume {args.resume}: give no CONFIG, --out or --profile; the "
            "run's directory holds its config, profile and state"
        )
    path = args.resume / "checkpoint.json"
    if not path.is_file():
        raise FhnHwError(
            f"--resume {args.resume}: no checkpoint.json there, nothing to resume "
            "(a run writes it after its first epoch)"
        )
    payload = checkpoint.read(path)
    config = payload["config"]
    if isinstance(config, dict) and isinstance(config.get("train"), dict):
        for key, value in _overrides(args).items():
            config["train"][key.split(".")[1]] = value
    stored = checkpoint.experiment_of(payload, path)
    run = experiment.prepare(stored, stored.train["backend"])
    checkpoint.load_state_into(run, path)
    history, resume = payload.get("history"), payload.get("resume")
    try:
        if not isinstance(history, list) or not isinstance(resume, dict):
            raise ValueError("no history or no resume table")
        _check_history(history)
        run.controller.load_resume_state(resume)
        _add_faults(run.controller.pool, resume.get("faults"))
        np.random.default_rng().bit_generator.state = resume["order_rng"]
    except (KeyError, TypeError, ValueError) as err:
        run.close()
        raise FhnHwError(
            f"{path}: cannot be continued exactly: its resume state is missing "
            f"or damaged ({err})"
        ) from err
    epochs = stored.train["epochs"]
    if len(history) >= epochs and (args.resume / "metrics.json").exists():
        run.close()
        raise FhnHwError(
            f"--resume {args.resume}: the run has done {len(history)} of its "
            f"{epochs} epochs, nothing to continue; expected --epochs N with N > "
            f"{len(history)} (the total, not the number to add)"
        )
    run.controller.state.history = list(history)
    run.resume = resume
    return run


def _add_faults(pool, saved) -> None:
    """Count the worker faults of the run's earlier part again (a checkpoint's
    ``resume.faults``), or a ValueError naming a bad entry."""
    from .ep import checked_count
    from .parallel import FAULTS

    if saved is None:
        return
    if not isinstance(saved, dict):
        raise ValueError(f"faults = {saved!r}: expected a table")
    for name, count in saved.items():
        if name not in FAULTS:
            raise ValueError(f"faults.{name}: expected one of {list(FAULTS)}")
        checked_count(f"faults.{name}", count)
    if pool is not None:
        for name, count in saved.items():
            pool.faults[name] += count


def _check_history(history: list) -> None:
    """Each entry an epoch record (ep.EpochRecord's fields, numbers), or a
    ValueError naming the first that is not."""
    from dataclasses import fields

    from .ep import EpochRecord

    names = {f.name for f in fields(EpochRecord)}
    for k, entry in enumerate(history):
        if (
            not isinstance(entry, dict)
            or set(entry) != names
            or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                for v in entry.values()
            )
        ):
            raise ValueError(
                f"history[{k}]: expected a table of the numbers {sorted(names)}"
            )


def run_verify(args) -> int:
    from . import experiment, files
    from .config import load_experiment
    from .verify import physics_checks, plot_physics, verify

    config = load_experiment(
        args.config, {"train.backend": "twin"}, profile=args.profile
    )
    _prepare_out(args.out)
    run = experiment.prepare(config, "twin")
    if args.checkpoint is not None:
        from .checkpoint import load_state_into

        load_state_into(run, args.checkpoint)
    else:
        log.info("training on the twin first (%d epochs)", config.train["epochs"])
        experiment.train(run)
    spice = experiment.make_backend("ngspice", run.topology, run.hardware)
    results = verify(run, spice)
    checks = physics_checks(run, spice)
    results.update(
        {
            "reciprocity_rel_asym_dc": checks["reciprocity"]["reciprocity_rel_asym_dc"],
            "self_adjoint_rel_asym_dc": checks["reciprocity"][
                "self_adjoint_rel_asym_dc"
            ],
            "reciprocity_random_graph_rel_asym_dc": checks["reciprocity_random_graph"][
                "reciprocity_rel_asym_dc"
            ],
            "ep_order_one_sided": checks["ep_beta_sweep"]["one_sided_order"],
            "ep_order_centred": checks["ep_beta_sweep"]["centred_order"],
            "physics": checks,
        }
    )
    args.out.mkdir(parents=True, exist_ok=True)
    plot_physics(checks, args.out)
    files.write_json(args.out / "verify.json", results)
    print(json.dumps({k: v for k, v in results.items() if k != "physics"}))
    return 0


def run_export(args) -> int:
    from .export import FORMATS, export

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise FhnHwError(
            f"--format {args.format!r}: expected a comma-separated subset "
            f"of {','.join(FORMATS)}"
        )
    _prepare_out(args.out)
    manifest = export(
        args.checkpoint,
        args.out,
        formats,
        args.profile,
        args.quantize,
        args.vectors or 0,
        args.monte_carlo,
        args.seed,
    )
    summary = {k: manifest[k] for k in ("in_loop_accuracy", "testbench_check")}
    if "quantisation" in manifest:
        summary["unquantised_accuracy"] = manifest["unquantised_accuracy"]
        summary["quantisation_max_rel_error"] = manifest["quantisation"][
            "max_rel_error"
        ]
    if "monte_carlo" in manifest:
        mc = manifest["monte_carlo"]
        summary["monte_carlo"] = {
            k: mc[k]
            for k in ("runs", "accuracy_mean", "accuracy_min", "output_std_v_max")
        }
    print(json.dumps(summary))
    return 0


def run_hamiltonian(args) -> int:
    from . import files
    from .config import load_residual
    from .physics import hamiltonian_study, plot_hamiltonian

    values, profile = load_residual(args.config)
    _prepare_out(args.out)
    result = hamiltonian_study(values, profile)
    args.out.mkdir(parents=True, exist_ok=True)
    plot_hamiltonian(result, args.out)
    result.pop("_portrait", None)
    files.write_json(args.out / "hamiltonian.json", result)
    print(
        json.dumps(
            {
                "chain": result["chain"],
                "gradients": result["gradients"],
                "ebm": result["ebm"],
            }
        )
    )
    return 0


def run_sweep(args) -> int:
    from .sweep import load_sweep, run_sweep as run

    sweep = load_sweep(args.sweep)
    _prepare_out(args.out)
    if args.scheduler and args.workers != 1:
        raise FhnHwError(
            "--workers applies to local worker processes; with "
            "--scheduler the Dask cluster's workers run the points"
        )
    result = run(sweep, args.out, workers=args.workers, scheduler=args.scheduler)
    print(json.dumps(result))
    return 0 if result["failed"] == 0 else 1


#: Environment variables through which a user chooses BLAS threads himself.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def blas_threads():
    """One BLAS thread, unless the environment asks for more.

    The matrices here are small (a batch by a few hundred nodes): a threaded
    BLAS gains nothing on them and can lose a lot. On a 2-core machine
    OpenBLAS took 7-15 ms for a (50 x 130) @ (130 x 84) product that takes
    30 us on one thread. Parallel work here is done by processes (sweep
    workers, data-parallel EP), each with one thread."""
    import contextlib

    if any(name in os.environ for name in _THREAD_VARIABLES):
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    try:
        commands = {
            "train": run_train,
            "verify": run_verify,
            "sweep": run_sweep,
            "export": run_export,
            "hamiltonian": run_hamiltonian,
        }
        with blas_threads():
            return commands[args.command](args)
    except FhnHwError as err:
        if args.debug:  # the traceback too; the same exit status
            traceback.print_exc()
        print(f"fhn-hw: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fhn-hw: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
