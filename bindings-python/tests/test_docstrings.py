"""Every public member of the native module has a runtime docstring, and it says what the
stub (``_esafety.pyi``) says, so ``help()`` and the type checker's hover cannot drift apart.

``scripts/gen-pydoc`` writes the stub's docstrings into the Rust doc comments; a class's
runtime docstring is its stub docstring followed by its ``__new__`` docstring.
"""

import ast
import pathlib
from typing import Any

import pytest

import esafety
from esafety import _esafety

STUB = pathlib.Path(__file__).resolve().parents[1] / "python" / "esafety" / "_esafety.pyi"


def _normal(doc: str | None) -> str:
    return " ".join((doc or "").split())


def stub_members() -> list[tuple[str, Any, str]]:
    """(dotted name, runtime object, stub docstring) of every public function, class and member."""
    members = []
    for node in ast.parse(STUB.read_text()).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            members.append((node.name, getattr(_esafety, node.name), ast.get_docstring(node) or ""))
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            cls = getattr(_esafety, node.name)
            docs = [ast.get_docstring(node) or ""]
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__new__":
                    docs.append(ast.get_docstring(item) or "")
                elif isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    doc = ast.get_docstring(item) or ""
                    members.append((f"{node.name}.{item.name}", getattr(cls, item.name), doc))
            members.append((node.name, cls, "\n\n".join(d for d in docs if d)))
    return members


MEMBERS = stub_members()


def test_the_stub_covers_the_native_module() -> None:
    names = {name for name, _, _ in MEMBERS}
    assert len(names) > 120
    for cls in [esafety.Registry, esafety.ConsentLedger, esafety.UrlFilter, esafety.TermScanner]:
        public = {n for n in vars(cls) if not n.startswith("_")}
        assert public == {n.split(".", 1)[1] for n in names if n.startswith(cls.__name__ + ".")}


@pytest.mark.parametrize("name,runtime,stub", MEMBERS, ids=[m[0] for m in MEMBERS])
def test_runtime_docstring_is_the_stubs(name: str, runtime: Any, stub: str) -> None:
    assert _normal(stub), f"the stub documents no {name}"
    assert _normal(runtime.__doc__) == _normal(stub), f"run scripts/gen-pydoc ({name})"


def test_help_shows_the_documentation() -> None:
    assert "Decide an action" in (esafety.Registry.decide.__doc__ or "")
    assert "Raises:" in (esafety.ConsentLedger.check_image.__doc__ or "")
    assert getattr(esafety.Registry.decide, "__text_signature__") == "($self, person, action, at, **context)"


def test_the_installed_package_ships_the_stub_and_its_marker() -> None:
    installed = pathlib.Path(esafety.__file__).parent
    assert (installed / "py.typed").exists()
    assert (installed / "_esafety.pyi").read_text() == STUB.read_text()
