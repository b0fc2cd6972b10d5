"""Which dlcode code a figure or a notebook depends on, for the build steps' cache keys.

Starting from a function (a figure's drawing) or from the names a notebook imports, follow every
global name the source uses to the dlcode function, class or module-level constant it refers to,
transitively. The key material is the source text of everything reached plus the rest of the
module-level code (imports of other packages, calls) of the modules involved, so an edit of anything
a figure or notebook can execute changes its key, and an edit elsewhere in dlcode does not: adding a
figure to FIGURES, with the dlcode imports it needs and its page in the module's docstring, re-keys
no other figure, and no notebook.
"""
import ast
import hashlib
import importlib
import inspect
from pathlib import Path


class _Module:
    """One dlcode module's source: each top-level definition's and constant's text (a name assigned
    at the top level), and the rest (imports of other packages, calls, anything else that runs on
    import; not the docstring, and not an import from dlcode, which a use of its name reaches)."""

    def __init__(self, name, text=None):
        self.module = importlib.import_module(name)
        text = Path(self.module.__file__).read_text(encoding="utf-8") if text is None else text  # a test's edit
        lines = text.splitlines(keepends=True)
        self.definitions, rest, self.imported = {}, [], {}
        body = ast.parse(text).body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the module's docstring runs nothing (its ページ: line names the pages)
        for node in body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlcode"):
                # keyed where a name is used: a use reaches the definition in the module it comes from
                self.imported.update((alias.asname or alias.name, node.module) for alias in node.names)
                continue
            start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]) - 1
            segment = "".join(lines[start:node.end_lineno])
            names = _assigned(node)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.definitions[node.name] = (segment, node)
            elif names:
                for name in names:  # a name assigned twice keeps both texts
                    old_segment, old_node = self.definitions.get(name, ("", None))
                    self.definitions[name] = (old_segment + segment, ast.Module(
                        body=[*(old_node.body if old_node else []), node], type_ignores=[]))
            else:
                rest.append(segment)
        self.rest = "".join(rest)


def _assigned(node):
    """The names a top-level ``X = …`` / ``X: T = …`` / ``X, Y = …`` binds; () for anything else."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    names = []
    for target in targets:
        elements = target.elts if isinstance(target, ast.Tuple) else [target]
        if not all(isinstance(element, ast.Name) for element in elements):
            return ()
        names += [element.id for element in elements]
    return tuple(names)


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
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            return None  # a name bound here (a dataclass field named solution) is not the global of that name
        if isinstance(node, ast.Name):
            if node.id in module.definitions:
                return module.module.__name__, node.id  # a definition or constant of this module
            return self._definition(module.module.__dict__.get(node.id))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = module.module.__dict__.get(node.value.id)
            if not inspect.ismodule(owner):
                return None
            if owner.__name__.startswith("dlcode") and node.attr in self.module(owner.__name__).definitions:
                return owner.__name__, node.attr  # module.CONSTANT too
            return self._definition(getattr(owner, node.attr, None))
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
                    source = module.imported[node.id]
                    touched.add(source)
                    if node.id in self.module(source).definitions:  # a constant imported from there
                        todo.append((source, node.id))
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
                    elif alias.name in self.module(node.module).definitions:  # defined or assigned there
                        roots.append((node.module, alias.name))
                    elif self._definition(value):  # imported there from another dlcode module
                        roots.append(self._definition(value))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("dlcode"):
                        modules.add(alias.name)
                        roots += [(alias.name, name) for name in self.module(alias.name).definitions]
        return self.material(roots, modules)
