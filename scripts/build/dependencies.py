"""Which dlcode code a figure or a notebook depends on, for the build steps' cache keys.

Starting from a function (a figure's drawing) or from the names a notebook imports, follow every
global name the source uses to the dlcode function or class it refers to, transitively. The key
material is the source text of everything reached plus the module-level code (constants, imports)
of the modules involved, so an edit of anything a figure or notebook can execute changes its key,
and an edit elsewhere in dlcode does not.
"""
import ast
import hashlib
import importlib
import inspect
from pathlib import Path


class _Module:
    """One dlcode module's source: each top-level definition's text and the rest (constants)."""

    def __init__(self, name):
        self.module = importlib.import_module(name)
        text = Path(self.module.__file__).read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        self.definitions, rest, self.imported = {}, [], {}
        for node in ast.parse(text).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlcode"):
                self.imported.update((alias.asname or alias.name, node.module) for alias in node.names)
            start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]) - 1
            segment = "".join(lines[start:node.end_lineno])
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.definitions[node.name] = (segment, node)
            else:
                rest.append(segment)
        self.rest = "".join(rest)


class Dependencies:
    def __init__(self):
        self.modules = {}

    def module(self, name):
        if name not in self.modules:
            self.modules[name] = _Module(name)
        return self.modules[name]

    def _definition(self, value):
        """(module, top-level name) of a dlcode function or class, or None."""
        if not (inspect.isfunction(value) or inspect.isclass(value)) or not value.__module__.startswith("dlcode"):
            return None
        top = value.__qualname__.split(".")[0]
        return (value.__module__, top) if top in self.module(value.__module__).definitions else None

    def _resolve(self, module, node):
        if isinstance(node, ast.Name):
            return self._definition(module.module.__dict__.get(node.id))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = module.module.__dict__.get(node.value.id)
            return self._definition(getattr(owner, node.attr, None)) if inspect.ismodule(owner) else None
        return None

    def reach(self, roots, modules=()):
        """Every dlcode definition reachable from ``roots`` ((module, name) pairs), and the modules
        whose module-level code they read; both sorted."""
        seen, touched, todo = set(), set(modules), list(roots)
        while todo:
            item = todo.pop()
            if item in seen:
                continue
            seen.add(item)
            touched.add(item[0])
            module = self.module(item[0])
            for node in ast.walk(module.definitions[item[1]][1]):
                found = self._resolve(module, node)
                if found and found not in seen:
                    todo.append(found)
                elif isinstance(node, ast.Name) and node.id in module.imported:
                    touched.add(module.imported[node.id])  # a constant imported from there
        return sorted(seen), sorted(touched)

    def material(self, roots, modules=()):
        """The source text a cache key must cover for ``roots``, as bytes."""
        reached, touched = self.reach(roots, modules)
        digest = hashlib.sha256()
        for module_name, name in reached:
            digest.update(f"\0{module_name}.{name}\0{self.module(module_name).definitions[name][0]}".encode())
        for module_name in touched:
            digest.update(f"\0{module_name}\0{self.module(module_name).rest}".encode())
        return digest.hexdigest().encode()

    def source_of(self, functions):
        """Key material for dlcode functions (e.g. a figure's drawing function)."""
        return self.material([self._definition(function) for function in functions])

    def source_of_script(self, text):
        """Key material for Python source that imports from dlcode (e.g. a notebook): every name
        it imports from a dlcode module, and the whole module for ``import dlcode.x``."""
        roots, modules = [], set()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlcode"):
                modules.add(node.module)
                for alias in node.names:
                    value = getattr(self.module(node.module).module, alias.name, None)
                    if inspect.ismodule(value):
                        modules.add(value.__name__)
                        roots += [(value.__name__, name) for name in self.module(value.__name__).definitions]
                    elif self._definition(value):
                        roots.append(self._definition(value))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("dlcode"):
                        modules.add(alias.name)
                        roots += [(alias.name, name) for name in self.module(alias.name).definitions]
        return self.material(roots, modules)
