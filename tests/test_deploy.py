"""Everything in deploy/ is checked here, offline: the Kubernetes manifests validate
strictly against the API's schemas and say what the code answers (probe paths, the
events path, settings it knows); each command the Dockerfile, the Jobs and the systemd
unit run exists and takes the options given; and the corpus build they run works."""

from __future__ import annotations

import configparser
import json
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.settings import Settings, env_names
from handlers.app import EVENTS_PATH
from tests.conftest import ROOT, SEEDS

DEPLOY = ROOT / "deploy"
K8S_FILES = sorted((DEPLOY / "k8s").glob("*.yaml"))
KUBERNETES_VERSION = "1.31.0"
SECRET_NAMES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET",
                "SLACK_STATE_SECRET", "DOSSIER_STATE_URL")
KNOWN_VARIABLES = {name for field in Settings.model_fields for name in env_names(field)}


def k8s_documents() -> list[tuple[Path, dict[str, Any]]]:
    return [(path, doc) for path in K8S_FILES
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [doc for _, doc in k8s_documents() if doc["kind"] == kind]


def pod_specs() -> Iterator[tuple[str, dict[str, Any]]]:
    for doc in of_kind("Deployment"):
        yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]
    for doc in of_kind("CronJob"):
        yield doc["metadata"]["name"], doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def dossier_help(words: list[str]) -> str:
    """`dossier WORDS --help` through the real entry point; fails if it does not answer."""
    result = CliRunner().invoke(main, [*words, "--help"], catch_exceptions=False)
    assert result.exit_code == 0, (words, result.output)
    return result.output


def check_dossier_command(argv: list[str]) -> None:
    """A `dossier …` command line: its subcommands exist and take each option it passes."""
    assert Path(argv[0]).name == "dossier", argv
    words: list[str] = []
    rest = argv[1:]
    while rest and not rest[0].startswith("-") and rest[0] in _subcommands(words):
        words.append(rest.pop(0))
    assert words, f"no dossier subcommand in {argv}"
    text = dossier_help(words)
    for option in (arg.split("=")[0] for arg in rest if arg.startswith("--")):
        assert option in text, f"`dossier {' '.join(words)}` has no {option}"


def _subcommands(words: list[str]) -> set[str]:
    group: Any = main
    for word in words:
        group = group.commands[word]
    return set(getattr(group, "commands", {}))


# --- Kubernetes ---------------------------------------------------------------------


@pytest.mark.parametrize("path", K8S_FILES, ids=lambda p: p.name)
def test_every_k8s_file_validates_strictly(path: Path) -> None:
    documents = [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    assert documents
    for doc in documents:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_strict_validation_refuses_a_misspelt_field() -> None:
    deployment = json.loads(json.dumps(of_kind("Deployment")[0]))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessprobe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_every_object_the_issue_names_is_there() -> None:
    kinds = sorted(doc["kind"] for _, doc in k8s_documents())
    for kind in ("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "PodDisruptionBudget",
                 "Service"):
        assert kind in kinds
    assert kinds.count("CronJob") == 2
    assert "Secret" not in kinds  # references only: a secret's value never sits in the repository


def test_the_deployment_runs_replicas_in_http_mode_safely() -> None:
    [deployment] = of_kind("Deployment")
    assert deployment["spec"]["replicas"] >= 2
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] > 0
    [container] = pod["containers"]
    assert container["command"] == ["dossier", "serve"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert {"requests", "limits"} <= set(container["resources"])
    env = {item["name"] for item in container["env"]}
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DOSSIER_STATE_URL"} <= env
    assert "SLACK_APP_TOKEN" not in env  # HTTP mode, not Socket Mode
    assert of_kind("HorizontalPodAutoscaler")[0]["spec"]["minReplicas"] >= 2


def test_secrets_are_references_never_values() -> None:
    for name, pod in pod_specs():
        for container in pod["containers"]:
            for item in container.get("env", []):
                if item["name"] in SECRET_NAMES:
                    assert "value" not in item and "secretKeyRef" in item["valueFrom"], (name, item)
    for config in of_kind("ConfigMap"):
        assert not set(config["data"]) & set(SECRET_NAMES)


def test_every_variable_set_in_deploy_is_a_setting_the_code_reads() -> None:
    config = of_kind("ConfigMap")[0]["data"]
    assert set(config) <= KNOWN_VARIABLES
    for _, pod in pod_specs():
        for container in pod["containers"]:
            assert {item["name"] for item in container.get("env", [])} <= KNOWN_VARIABLES


async def test_the_probes_are_paths_the_app_answers(aiohttp_client: Any, seeded_db: Path) -> None:
    from bot.store import Store
    from handlers.app import web_app

    [deployment] = of_kind("Deployment")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports["http"] == int(of_kind("ConfigMap")[0]["data"]["PORT"])
    settings = Settings(slack_bot_token="xoxb-1", slack_signing_secret="s", db_path=seeded_db)
    async with await Store.open(seeded_db, read_only=True) as store:
        client = await aiohttp_client(web_app(settings, store, events=False))
        for probe in ("readinessProbe", "livenessProbe"):
            get = container[probe]["httpGet"]
            assert get["port"] in ports
            assert (await client.get(get["path"])).status == 200, probe
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_the_ingress_sends_slack_to_the_events_path_only() -> None:
    [ingress] = of_kind("Ingress")
    [service] = of_kind("Service")
    paths = [path for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert all(EVENTS_PATH.startswith(path["path"]) for path in paths)
    assert all(path["backend"]["service"]["name"] == service["metadata"]["name"] for path in paths)
    assert not any("/metrics".startswith(path["path"]) for path in paths)


def test_selectors_find_the_pods() -> None:
    [deployment] = of_kind("Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    for selector in (of_kind("Service")[0]["spec"]["selector"],
                     of_kind("PodDisruptionBudget")[0]["spec"]["selector"]["matchLabels"],
                     deployment["spec"]["selector"]["matchLabels"]):
        assert selector.items() <= labels.items()
    assert of_kind("HorizontalPodAutoscaler")[0]["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]


def test_cron_jobs_never_overlap_and_run_real_commands() -> None:
    jobs = {job["metadata"]["name"]: job for job in of_kind("CronJob")}
    assert set(jobs) == {"dossier-digest", "dossier-ingest"}
    for job in jobs.values():
        assert job["spec"]["concurrencyPolicy"] == "Forbid"
    digest = jobs["dossier-digest"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert digest["command"][:2] == ["dossier", "digest"] and "--due" in digest["command"]
    ingest = jobs["dossier-ingest"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert ingest["command"][:2] == ["dossier", "ingest"] and "--atomic" in ingest["command"]


def test_every_container_command_answers_help() -> None:
    for _, pod in pod_specs():
        for container in pod["containers"]:
            check_dossier_command(container["command"])


def test_the_corpus_the_replicas_read_is_the_one_the_job_writes() -> None:
    db = Path(of_kind("ConfigMap")[0]["data"]["DOSSIER_DB_PATH"])
    ingest = next(job for job in of_kind("CronJob") if job["metadata"]["name"] == "dossier-ingest")
    container = ingest["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"][container["command"].index("--db") + 1] == str(db)
    for _, pod in pod_specs():
        mounts = {m["mountPath"]: m for c in pod["containers"] for m in c.get("volumeMounts", [])}
        assert str(db.parent) in mounts
        claim = next(v for v in pod["volumes"] if v["name"] == mounts[str(db.parent)]["name"])
        assert claim["persistentVolumeClaim"]["claimName"] == "dossier-corpus"


# --- Dockerfile -----------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments), continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("#") and not current:
            continue
        current += raw.rstrip("\\").strip() + " " if raw.endswith("\\") else raw.strip()
        if not raw.endswith("\\"):
            if current:
                instruction, _, args = current.partition(" ")
                lines.append((instruction.upper(), args.strip()))
            current = ""
    return lines


def test_dockerfile_is_multi_stage_non_root_and_serves() -> None:
    instructions = dockerfile()
    stages = [args for name, args in instructions if name == "FROM"]
    assert len(stages) >= 2 and " AS " in stages[0].upper()
    final = instructions[max(i for i, (name, _) in enumerate(instructions) if name == "FROM"):]
    [user] = [args for name, args in final if name == "USER"]
    assert user.split(":")[0] not in ("0", "root")
    [cmd] = [args for name, args in final if name == "CMD"]
    assert json.loads(cmd) == ["dossier", "serve"]
    check_dossier_command(json.loads(cmd))


def test_dockerfile_copies_files_that_exist_and_sets_known_settings() -> None:
    args = {name.split("=")[0]: name.split("=", 1)[1] for kind, line in dockerfile() if kind == "ARG"
            for name in [line] if "=" in name}
    for kind, line in dockerfile():
        if kind == "COPY" and not line.startswith("--from"):
            *sources, _ = line.split()
            for source in sources:
                source = source.replace("${CORPUS}", args["CORPUS"])
                assert (ROOT / source).exists(), source
        if kind == "ENV":
            names = {pair.split("=")[0] for pair in shlex.split(line)}
            assert names - {"PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR",
                            "PIP_DISABLE_PIP_VERSION_CHECK"} <= KNOWN_VARIABLES
    assert args["CORPUS"] == "seeds"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[postgres]" in " ".join(line for kind, line in dockerfile() if kind == "RUN")
    assert "\npostgres = [" in pyproject


def test_dockerfile_build_steps_run(tmp_path: Path) -> None:
    """The build's `dossier` steps, run here as they run in the image (paths moved under tmp)."""
    runs = [shlex.split(line) for kind, line in dockerfile() if kind == "RUN" and "bin/dossier" in line]
    assert runs
    for argv in runs:
        check_dossier_command(argv)
        moved = [str(SEEDS) if arg == "./corpus" else
                 str(tmp_path / arg.lstrip("/")) if arg.startswith("/opt/") else arg for arg in argv[1:]]
        done = subprocess.run([sys.executable, "-m", "bot", *moved], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "5 added" in done.stdout
    built = tmp_path / "opt/dossier/corpus/dossier.db"
    assert sorted(p.name for p in built.parent.iterdir()) == ["dossier.db"]  # one sealed file
    with sqlite3.connect(built) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


# --- the atomic rebuild the image and the ingest Job run --------------------------------


def test_an_atomic_rebuild_never_disturbs_a_reader(tmp_path: Path, write_article: Any, corpus: Path) -> None:
    db = tmp_path / "built" / "dossier.db"
    write_article("premier", "Le 3 mars 2021, la mairie a voté le budget.", date="2021-03")
    ingest = [sys.executable, "-m", "bot", "ingest", str(corpus), "--db", str(db), "--atomic"]
    assert subprocess.run(ingest, capture_output=True, timeout=120).returncode == 0
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    before = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
    write_article("second", "Le 4 avril 2022, la préfecture a fermé le pont.", date="2022-04")
    done = subprocess.run(ingest, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "1 added" in done.stdout and "1 unchanged" in done.stdout
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == before == 1
    reader.close()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert sorted(p.name for p in db.parent.iterdir()) == ["dossier.db"]


def test_an_interrupted_rebuild_leaves_the_database_whole(tmp_path: Path, corpus: Path,
                                                          write_article: Any) -> None:
    db = tmp_path / "dossier.db"
    write_article("premier", "Le 3 mars 2021, la mairie a voté le budget.", date="2021-03")
    ingest = [sys.executable, "-m", "bot", "ingest", str(corpus), "--db", str(db), "--atomic"]
    assert subprocess.run(ingest, capture_output=True, timeout=120).returncode == 0
    (tmp_path / "dossier.db.next").write_bytes(b"half a database, then the process was killed")
    assert subprocess.run(ingest, capture_output=True, timeout=120).returncode == 0
    with sqlite3.connect(db) as whole:
        assert whole.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert not (tmp_path / "dossier.db.next").exists()


# --- compose and systemd ----------------------------------------------------------------


def test_compose_runs_the_bot_alone_and_a_profile_adds_postgres_and_two_replicas() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert "profiles" not in services["bot"]
    assert services["bot"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY / services["bot"]["build"]["context"] / services["bot"]["build"]["dockerfile"]).is_file()
    assert services["bot"]["read_only"] is True
    assert services["postgres"]["profiles"] == ["scaled"] == services["replica"]["profiles"]
    assert services["replica"]["deploy"]["replicas"] == 2
    assert services["replica"]["environment"]["DOSSIER_STATE_URL"].startswith("postgresql://")
    assert services["replica"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for service in ("bot", "replica"):
        assert set(services[service]["environment"]) <= KNOWN_VARIABLES


def test_systemd_unit_runs_dossier_as_a_user() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "systemd" / "dossier.service").read_text(encoding="utf-8"))
    service = unit["Service"]
    assert service["User"] not in ("", "root")
    for key in ("ExecStartPre", "ExecStart"):
        check_dossier_command(shlex.split(service[key]))
    assert shlex.split(service["ExecStart"])[1:] == ["serve"]
    text = (DEPLOY / "systemd" / "dossier.service").read_text(encoding="utf-8")
    variables = {line.split("=", 2)[1] for line in text.splitlines() if line.startswith("Environment=")}
    assert variables <= KNOWN_VARIABLES and "DOSSIER_DB_PATH" in variables
    assert unit["Install"]["WantedBy"] == "multi-user.target"
