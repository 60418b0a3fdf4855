"""Every key the code can ask the catalogs for exists in every language, keys built at run time included.

Literal keys (`t("home.title", lang)`) are checked by test_i18n.py. Here: the keys the code builds,
`t(f"collections.outcome.{outcome}", lang)`, `tr(f"role.{user.role}")`. The code is read with `ast`;
each f-string key is a *family* ("collections.outcome.{}") and each family is expanded to the keys it
can produce:

* from the code itself where the value comes from a literal the code iterates or passes
  (`for key in ("figure", "optimized")`, `col("paid_on")` through a local helper, a module constant
  such as `BOOK_COLUMNS`, `x if ... else y`): derived here from the syntax tree, no list to maintain;
* otherwise from the family's entry in `FAMILIES`, which reads the package's own source of truth
  (an enum, a constant, a data file) and only as a last resort lists values, with the reason.

A new family the code starts to build, whose values cannot be read off the code, fails
`test_every_run_time_key_family_has_an_expansion` with its location and what to do; an entry no code
uses any more fails `test_no_family_entry_is_stale`.

Keys held in variables (`tr(title)`, `t(error.key, lang)`) are read off the code the same way, or
checked where they are made: ui.NAVIGATION's groups and titles, the `key=` of every LocalizedError,
the keys of import notes (RowProblem, RowWarning, FieldWarning), the audit actions the admin page
names (followed from `audit.record` through every wrapper that passes `action` on).
"""
from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass, field, fields
from enum import Enum
from pathlib import Path

import pytest

from lafa_core import tables
from lafa_core.i18n import CATALOGS
from lafa_core.users.roles import Role

battery_rules = importlib.import_module("lafa_core.battery.rules")
battery_service = importlib.import_module("lafa_core.battery.service")
charging_presentation = importlib.import_module("lafa_core.charging.presentation")
optimizer = importlib.import_module("lafa_core.charging.optimizer")
collections_rules = importlib.import_module("lafa_core.collections.rules")
credit_features = importlib.import_module("lafa_core.credit.features")
credit_model = importlib.import_module("lafa_core.credit.model")
credit_policy = importlib.import_module("lafa_core.credit.policy")
credit_service = importlib.import_module("lafa_core.credit.service")
lifecycle = importlib.import_module("lafa_core.credit.lifecycle")
dispatch_rules = importlib.import_module("lafa_core.dispatch.rules")
fleet_presentation = importlib.import_module("lafa_core.fleet.presentation")
fleet_rules = importlib.import_module("lafa_core.fleet.rules")
fleet_service = importlib.import_module("lafa_core.fleet.service")
ingest_kinds = importlib.import_module("lafa_core.ingest.kinds")
insurance_rules = importlib.import_module("lafa_core.insurance.rules")
ledger_rules = importlib.import_module("lafa_core.ledger.rules")
# lafa_core.roadmap exports a function named `ecosystem`: the module itself, by its full name
roadmap_ecosystem = importlib.import_module("lafa_core.roadmap.ecosystem")
strategy = importlib.import_module("lafa_core.roadmap.strategy")

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted({*ROOT.glob("lafa_core/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py",
                  *ROOT.glob("ui*.py")})
TRANSLATORS = ("t", "tr")
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
CHOOSERS = ("selectbox", "radio", "segmented_control", "pills")  # Streamlit widgets returning one option


# --- Reading the code ---------------------------------------------------------------------------------

class Unknown(Exception):
    """The value cannot be read off the code: the family needs an entry in FAMILIES."""


@dataclass
class Module:
    path: Path
    tree: ast.Module
    parents: dict = field(default_factory=dict)
    nodes: list = field(default_factory=list)
    imports: list = field(default_factory=list)
    words: set = field(default_factory=set)  # every name and attribute read, to skip modules fast

    @classmethod
    def read(cls, path: Path) -> "Module":
        module = cls(path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        module.nodes = list(ast.walk(module.tree))
        for node in module.nodes:
            for child in ast.iter_child_nodes(node):
                module.parents[child] = node
        module.imports = [n for n in module.nodes if isinstance(n, (ast.Import, ast.ImportFrom))]
        module.words = {n.id for n in module.nodes if isinstance(n, ast.Name)} | {
            n.attr for n in module.nodes if isinstance(n, ast.Attribute)} | {
            a.name for n in module.imports for a in n.names}
        return module

    @property
    def runtime(self):
        """The imported module, for the package's modules (pages run Streamlit when imported)."""
        relative = self.path.relative_to(ROOT).with_suffix("")
        if relative.parts[0] != "lafa_core" or relative.name == "__main__" or "migrations" in relative.parts:
            return None  # command lines and migrations run when imported
        return importlib.import_module(".".join(relative.parts).removesuffix(".__init__"))

    @property
    def where(self) -> str:
        return str(self.path.relative_to(ROOT))

    def ancestors(self, node):
        while node in self.parents:
            node = self.parents[node]
            yield node


@dataclass(frozen=True)
class Site:
    family: str  # "collections.outcome.{}"
    where: str  # "lafa_core/finance/workbooks.py:203"
    keys: frozenset[str] | None  # None: not derivable from the code
    why: str = ""  # what could not be read off the code


def translator_calls(module: Module):
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in TRANSLATORS:
                yield node


def family_of(fstring: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in fstring.values)


def python_values(value) -> set[str]:
    """The strings a Python value stands for, or the members of a collection of them."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, (list, tuple, set, frozenset)) and value:
        return set().union(*(python_values(v) for v in value))
    raise Unknown(repr(value))


def imported(module: Module, name: str):
    """The object `name` is bound to by a `from lafa_core... import name` in the module."""
    for node in module.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lafa_core"):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    source = importlib.import_module(node.module)
                    if hasattr(source, alias.name):
                        return getattr(source, alias.name)
                    return importlib.import_module(f"{node.module}.{alias.name}")
    raise Unknown(name)


def global_value(module: Module, name: str):
    """A module-level name's value: the package's module as imported, or what a page imports."""
    if module.runtime is not None and hasattr(module.runtime, name):
        return getattr(module.runtime, name)
    return imported(module, name)


def assignments(scope, name: str) -> list[ast.AST]:
    """What `name` is assigned in `scope`'s own body (not in functions nested in it)."""
    found, todo = [], list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    found.append(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    found += [v for t_, v in zip(target.elts, node.value.elts)
                              if isinstance(t_, ast.Name) and t_.id == name]
                elif isinstance(target, ast.Tuple) and targets_name(target, name):
                    raise Unknown(name)
        elif isinstance(node, (ast.AugAssign, ast.NamedExpr, ast.For, ast.With)) and any(
                targets_name(t_, name) for t_ in _binding_targets(node)):
            raise Unknown(f"{name} is rebound")  # only plain assignments are read
        todo.extend(ast.iter_child_nodes(node))
    return found


def _binding_targets(node) -> list[ast.AST]:
    if isinstance(node, ast.With):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    return [node.target]


def targets_name(target: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


def values(module: Module, expr: ast.AST) -> set[str]:
    """Every string `expr` can evaluate to, read off the code."""
    if not isinstance(expr, ast.AST):  # an item of an imported constant
        return python_values(expr)
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return values(module, expr.body) | values(module, expr.orelse)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return {a + b for a in values(module, expr.left) for b in values(module, expr.right)}
    if isinstance(expr, ast.JoinedStr):
        keys = {""}
        for part in expr.values:
            options = {part.value} if isinstance(part, ast.Constant) else values(module, part.value)
            keys = {k + o for k in keys for o in options}
        return keys
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
            and expr.func.attr in ("removesuffix", "removeprefix") and len(expr.args) == 1):
        affix = values(module, expr.args[0])
        return {getattr(v, expr.func.attr)(a) for v in values(module, expr.func.value) for a in affix}
    if isinstance(expr, ast.Name):
        return bound(module, expr)
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in CHOOSERS
            and len(expr.args) >= 2):  # the option picked in st.selectbox(label, options)
        return set().union(*(values(module, option) for option in elements(module, expr.args[1])))
    raise Unknown(ast.unparse(expr))


def bound(module: Module, name_node: ast.Name) -> set[str]:
    """The values of a name: the loop or comprehension that binds it, the local helper whose
    parameter it is (through the helper's calls), what the function or the module assigns it."""
    name, node = name_node.id, name_node
    for scope in module.ancestors(node):
        if isinstance(scope, COMPREHENSIONS):
            for generator in scope.generators:
                if targets_name(generator.target, name):
                    return members(module, generator.iter, generator.target, name)
        elif isinstance(scope, ast.For) and targets_name(scope.target, name) and node is not scope.iter:
            return members(module, scope.iter, scope.target, name)
        elif isinstance(scope, FUNCTIONS):
            parameters = [a.arg for a in (*scope.args.posonlyargs, *scope.args.args)]
            if name in parameters:
                return arguments(module, scope, parameters.index(name), name)
            if not isinstance(scope, ast.Lambda):
                assigned = assignments(scope, name)
                if assigned:
                    return set().union(*(values(module, v) for v in assigned))
        node = scope
    assigned = [] if module.runtime is not None else assignments(module.tree, name)
    if assigned:
        return set().union(*(values(module, v) for v in assigned))
    return python_values(global_value(module, name))


def elements(module: Module, iterable: ast.AST) -> list:
    """The items a loop runs over: AST nodes for literals, Python values for imported constants."""
    if isinstance(iterable, (ast.Tuple, ast.List, ast.Set)):
        return list(iterable.elts)
    if isinstance(iterable, ast.Dict):
        return list(iterable.keys)
    if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name)
            and iterable.func.id in ("sorted", "list", "tuple")):
        return elements(module, iterable.args[0])
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "enumerate":
        return [ast.Tuple(elts=[ast.Constant(i), e]) if isinstance(e, ast.AST) else (i, e)
                for i, e in enumerate(elements(module, iterable.args[0]))]
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute) and not iterable.args:
        inner = elements_of_mapping(module, iterable.func.value)
        if isinstance(inner, ast.Dict):
            pairs = {"keys": inner.keys, "values": inner.values,
                     "items": [ast.Tuple(elts=[k, v]) for k, v in zip(inner.keys, inner.values)]}
            if iterable.func.attr in pairs:
                return list(pairs[iterable.func.attr])
        elif isinstance(inner, dict) and iterable.func.attr in ("keys", "values", "items"):
            return list(getattr(inner, iterable.func.attr)())
        raise Unknown(ast.unparse(iterable))
    if isinstance(iterable, ast.Name) and (loop := binding_loop(module, iterable)) is not None:
        target, source = loop  # for entries in NAVIGATION.values(): the items of every one of them
        return [item for outer in members_of(module, source, target, iterable.id)
                for item in (elements(module, outer) if isinstance(outer, ast.AST) else list(outer))]
    if isinstance(iterable, ast.Name) and (found := parameter_of(module, iterable)) is not None:
        function, position = found
        return [item for caller, call in calls_of(module, function)
                for item in elements(caller, argument(call, position, iterable.id))]
    if isinstance(iterable, ast.Name):
        found = elements_of_mapping(module, iterable)
        return elements(module, found) if isinstance(found, ast.AST) else list(found)
    if isinstance(iterable, ast.Attribute) and isinstance(iterable.value, ast.Name):
        return list(getattr(global_value(module, iterable.value.id), iterable.attr))
    if isinstance(iterable, ast.Subscript):  # a slice of the literal: its items are among the literal's
        return elements(module, iterable.value)
    if (isinstance(iterable, ast.DictComp) and len(iterable.generators) == 1
            and isinstance(iterable.key, ast.Name) and targets_name(iterable.generators[0].target, iterable.key.id)
            and isinstance(iterable.generators[0].target, ast.Name)):  # {a: label(a) for a in X}: X
        return elements(module, iterable.generators[0].iter)
    if (isinstance(iterable, (ast.ListComp, ast.GeneratorExp)) and len(iterable.generators) == 1
            and isinstance(iterable.generators[0].target, ast.Name)):
        name, items = iterable.generators[0].target.id, elements(module, iterable.generators[0].iter)
        if isinstance(iterable.elt, ast.Name) and iterable.elt.id == name:  # [c for c in X if ...]: among X
            return items
        if (isinstance(iterable.elt, ast.Attribute) and isinstance(iterable.elt.value, ast.Name)
                and iterable.elt.value.id == name and not any(isinstance(i, ast.AST) for i in items)):
            return [getattr(item, iterable.elt.attr) for item in items]  # [o.value for o in Outcome]
    raise Unknown(ast.unparse(iterable))


def binding_loop(module: Module, name: ast.Name):
    """(target, iterable) of the loop or comprehension that binds the name, if one does."""
    node = name
    for scope in module.ancestors(name):
        if isinstance(scope, COMPREHENSIONS):
            for generator in scope.generators:
                if targets_name(generator.target, name.id) and generator.iter is not node:
                    return generator.target, generator.iter
        elif isinstance(scope, ast.For) and targets_name(scope.target, name.id) and node is not scope.iter:
            return scope.target, scope.iter
        elif isinstance(scope, FUNCTIONS):
            return None
        node = scope
    return None


def parameter_of(module: Module, name: ast.Name):
    """(function, position) when the name is a parameter of the function it is read in."""
    for scope in module.ancestors(name):
        if isinstance(scope, FUNCTIONS):
            parameters = [a.arg for a in (*scope.args.posonlyargs, *scope.args.args)]
            return (scope, parameters.index(name.id)) if name.id in parameters else None
    return None


def argument(call: ast.Call, position: int, parameter: str) -> ast.AST:
    if any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        raise Unknown(ast.unparse(call))
    given = call.args[position] if position < len(call.args) else next(
        (k.value for k in call.keywords if k.arg == parameter), None)
    if given is None:
        raise Unknown(ast.unparse(call))
    return given


def grown(scope, name: str) -> bool:
    """Whether the scope adds to the collection after making it (`rows.append(...)`, `d[k] = v`)."""
    for node in ast.walk(scope):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == name
                and node.func.attr in ("append", "extend", "insert", "add", "update", "setdefault")):
            return True
        if (isinstance(node, ast.Assign) and any(isinstance(t_, ast.Subscript) and isinstance(t_.value, ast.Name)
                                                 and t_.value.id == name for t_ in node.targets)):
            return True
    return False


def elements_of_mapping(module: Module, name: ast.AST):
    """A name's one literal (AST) assignment in its function or module, or the imported value."""
    if not isinstance(name, ast.Name):
        raise Unknown(ast.unparse(name))
    for scope in [s for s in module.ancestors(name) if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        assigned = assignments(scope, name.id)
        if len(assigned) == 1 and not grown(scope, name.id):
            return assigned[0]
        if assigned:
            raise Unknown(name.id)
    if module.runtime is None:
        assigned = assignments(module.tree, name.id)
        if len(assigned) == 1 and not grown(module.tree, name.id):
            return assigned[0]
    for node in module.imports:  # `from ui import NAVIGATION` in app.py: ui.py's literal
        if isinstance(node, ast.ImportFrom) and (ROOT / f"{node.module}.py") in MODULES and any(
                (a.asname or a.name) == name.id for a in node.names):
            assigned = assignments(MODULES[ROOT / f"{node.module}.py"].tree, name.id)
            if len(assigned) == 1:
                return assigned[0]
    return global_value(module, name.id)


def members(module: Module, iterable: ast.AST, target: ast.AST, name: str) -> set[str]:
    """The values `name` takes in `for target in iterable`."""
    found = set()
    for picked in members_of(module, iterable, target, name):
        found |= values(module, picked) if isinstance(picked, ast.AST) else python_values(picked)
    return found


def members_of(module: Module, iterable: ast.AST, target: ast.AST, name: str) -> list:
    """What `name` is bound to, item by item, in `for target in iterable` (AST nodes or values)."""
    found = []
    for item in elements(module, iterable):
        found.append(unpacked(target, item, name))
    return found


def unpacked(target: ast.AST, item, name: str):
    """What `name` is bound to when `target` (a name or nested tuple of names) takes `item`."""
    while not isinstance(target, ast.Name):
        position = next(i for i, t_ in enumerate(target.elts) if targets_name(t_, name))
        if any(isinstance(t_, ast.Starred) for t_ in target.elts[:position + 1]):
            raise Unknown(ast.unparse(target))
        if isinstance(item, (ast.Tuple, ast.List)):
            item = item.elts[position]
        elif isinstance(item, tuple):
            item = item[position]
        else:
            raise Unknown(ast.unparse(item) if isinstance(item, ast.AST) else repr(item))
        target = target.elts[position]
    return item


def arguments(module: Module, function, position: int, parameter: str) -> set[str]:
    """The values a function is called with for one parameter: a local helper (a function or lambda
    inside another function) through its calls there; a module-level function through its calls in
    every source file. A function passed around, or a method, is not followed."""
    key = (module.path, getattr(function, "name", id(function)), parameter)
    if key in _FOLLOWING:
        raise Unknown(f"{parameter}: recursive")
    _FOLLOWING.add(key)
    try:
        found = set()
        for caller, call in calls_of(module, function):
            found |= values(caller, argument(call, position, parameter))
        if not found:
            raise Unknown(parameter)
        return found
    finally:
        _FOLLOWING.discard(key)


_FOLLOWING: set = set()


def calls_of(module: Module, function) -> list[tuple[Module, ast.Call]]:
    enclosing = module.parents[function]
    while isinstance(enclosing, (ast.Tuple, ast.Assign)):
        enclosing = module.parents[enclosing]
    if isinstance(function, ast.Lambda):
        holder = module.parents[function]
        if isinstance(holder, ast.Assign) and isinstance(holder.targets[0], ast.Name):
            helper = holder.targets[0].id
        elif isinstance(holder, ast.Tuple) and isinstance(module.parents[holder], ast.Assign):
            helper = module.parents[holder].targets[0].elts[holder.elts.index(function)].id
        elif (isinstance(holder, ast.keyword) and holder.arg == "format_func"
              and len(module.parents[holder].args) >= 2):
            # st.selectbox(label, options, format_func=lambda o: ...): called with each option
            widget = module.parents[holder]
            return [(module, ast.Call(func=ast.Name(id="_"), args=[option], keywords=[]))
                    for option in elements(module, widget.args[1])]
        else:
            raise Unknown("an anonymous lambda")
    else:
        helper = function.name
    if isinstance(enclosing, (ast.FunctionDef, ast.AsyncFunctionDef)):
        references = [(module, n) for n in ast.walk(enclosing) if isinstance(n, ast.Name) and n.id == helper]
    elif isinstance(enclosing, ast.Module) and not isinstance(function, ast.Lambda):
        references = list(references_to(module, helper))
    else:
        raise Unknown(f"{helper}: a method")
    found = []
    while references:
        caller, node = references.pop(0)
        if not isinstance(node.ctx, ast.Load):
            continue
        call = caller.parents[node]
        if (isinstance(call, ast.Assign) and call.value is node and len(call.targets) == 1
                and isinstance(call.targets[0], ast.Name) and caller.parents[call] is caller.tree):
            references += list(references_to(caller, call.targets[0].id))  # `_audit = record`: its calls too
            continue
        if not (isinstance(call, ast.Call) and call.func is node):
            raise Unknown(f"{helper} is passed around ({caller.where}:{node.lineno})")
        found.append((caller, call))
    return found


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def references_to(module: Module, name: str):
    """Every use, in every source file, of the module-level `name` defined in `module` (imported
    by name from the module or its package, or read as an attribute of the imported module)."""
    home = dotted(module.path)
    # the packages that re-export it: `from lafa_core import audit` then `audit.record(...)`
    homes = {home} | {dotted(m.path) for m in MODULES.values() if m.path.name == "__init__.py" and any(
        isinstance(n, ast.ImportFrom) and n.module == home and any(a.name == name for a in n.names)
        for n in m.imports)}
    for other in MODULES.values():
        aliases, modules = set(), set()
        if other is module:
            aliases.add(name)
        elif name not in other.words:
            continue
        for node in other.imports:
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if alias.name == name and (node.module in homes or home.startswith(f"{node.module}.")):
                        aliases.add(alias.asname or alias.name)
                    if f"{node.module}.{alias.name}" in homes:
                        modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                modules |= {alias.asname or alias.name for alias in node.names
                            if alias.name in homes and (alias.asname or "." not in alias.name)}
        for node in other.nodes:
            if isinstance(node, ast.Name) and node.id in aliases:
                yield other, node
            elif (isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.value, ast.Name)
                  and node.value.id in modules):
                yield other, node


def site_keys(module: Module, fstring: ast.JoinedStr) -> tuple[frozenset[str] | None, str]:
    """The keys one f-string can produce, or None (and why) when a run-time part cannot be read off
    the code."""
    parts: list[set[str]] = []
    for part in fstring.values:
        if isinstance(part, ast.Constant):
            parts.append({part.value})
        else:
            try:
                parts.append(values(module, part.value))
            except Unknown as unknown:
                return None, str(unknown)
    keys = {""}
    for options in parts:
        keys = {k + o for k in keys for o in options}
    return frozenset(keys), ""


MODULES = {path: Module.read(path) for path in SOURCES}


def scan() -> list[Site]:
    sites = []
    for module in MODULES.values():
        for call in translator_calls(module):
            key, where = call.args[0], f"{module.where}:{call.lineno}"
            if isinstance(key, ast.JoinedStr):
                sites.append(Site(family_of(key), where, *site_keys(module, key)))
            elif not isinstance(key, ast.Constant):
                # key = f"credit.feature.{feature}"; t(key, lang): the same families, one step away
                try:
                    values(module, key)
                except Unknown as unknown:
                    sites += [Site(family, where, None, str(unknown))
                              for family in shapes(module, key) if "{}" in family]
    return sites


def shapes(module: Module, expr: ast.AST) -> set[str]:
    """The family patterns a key expression can take: its f-strings, with `{}` for each run-time part."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.JoinedStr):
        return {family_of(expr)}
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return {a + b for a in shapes(module, expr.left) for b in shapes(module, expr.right)}
    if isinstance(expr, ast.IfExp):
        return shapes(module, expr.body) | shapes(module, expr.orelse)
    if isinstance(expr, ast.Name):
        function = next((s for s in module.ancestors(expr)
                         if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
        if function is not None:
            return set().union(*(shapes(module, v) for v in assignments(function, expr.id)))
    return set()


SITES = scan()


def variable_keys() -> tuple[dict[str, set[str]], list[tuple[str, str, int]]]:
    """Calls whose key is an expression other than a literal or an f-string (`tr(title)`): the keys
    read off the code, by call site, and the calls whose keys cannot be."""
    read, unread = {}, []
    for module in MODULES.values():
        for call in translator_calls(module):
            key = call.args[0]
            if isinstance(key, (ast.Constant, ast.JoinedStr)):
                continue
            if any(isinstance(s, ast.FunctionDef) and s.name in TRANSLATORS for s in module.ancestors(call)):
                continue  # ui.tr passing its own key on
            try:
                read[f"{module.where}:{call.lineno}"] = values(module, key)
            except Unknown:
                unread.append((module.where, ast.unparse(key), call.lineno))
    return read, unread


# --- The families whose values are not in the code's syntax ------------------------------------------
# Each reads the package's own source of truth. A family whose every use is derived above needs no
# entry; an entry's keys are checked together with whatever the code's uses derive.

def module_named(relative: str) -> Module:
    return MODULES[ROOT / relative]


def enum_values(enum) -> set[str]:
    return {member.value for member in enum}


def first_arguments(callee: str) -> set[str]:
    """The first argument of every call to `callee` (a class or function name), read off the code:
    `Finding("soh", ...)` → "soh"."""
    found = set()
    for module in MODULES.values():
        for node in ast.walk(module.tree):
            if (isinstance(node, ast.Call) and node.args
                    and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == callee):
                found |= values(module, node.args[0])
    assert found, f"no call to {callee} found"
    return found


def written(relative: str, field_name: str) -> set[str]:
    """Every value a module writes under `field_name`: `{"field": value}`, `x["field"] = value` (with
    np.where's literal choices) and `f(..., field=value)`."""
    module, found = module_named(relative), set()

    def strings(expr) -> set[str]:
        if isinstance(expr, ast.Call):  # np.where(cond, "below", np.where(cond, "above", "inside"))
            return {n.value for arg in expr.args for n in ast.walk(arg)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        return values(module, expr)

    for node in ast.walk(module.tree):
        if isinstance(node, ast.Dict):
            found |= set().union(*(strings(v) for k, v in zip(node.keys, node.values)
                                   if isinstance(k, ast.Constant) and k.value == field_name))
        elif isinstance(node, ast.Call):
            found |= set().union(*(strings(k.value) for k in node.keywords if k.arg == field_name))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
                        and target.slice.value == field_name):
                    found |= strings(node.value)
    assert found, f"{relative} writes no {field_name!r}"
    return found


def audit_actions() -> tuple[set[str], list[str]]:
    """Every audit action the code records, and the calls whose action cannot be read off it.
    Followed from `lafa_core.audit.service.record` through every function that passes its own
    `action` parameter on (record_export, ui.audited, the services' `_audit` helpers, ...)."""
    def definition(relative: str, name: str):
        module = module_named(relative)
        return module, next(n for n in module.tree.body if isinstance(n, ast.FunctionDef) and n.name == name)

    writers, done, found, unread = [definition("lafa_core/audit/service.py", "record")], set(), set(), []
    while writers:
        module, function = writers.pop()
        if (module.path, function.name) in done:
            continue
        done.add((module.path, function.name))
        position = [a.arg for a in function.args.args].index("action")
        for caller, call in calls_of(module, function):
            given = argument(call, position, "action")
            if isinstance(given, ast.Name) and given.id == "action":  # a wrapper: its own callers name it
                wrapper = next((s for s in caller.ancestors(given) if isinstance(s, ast.FunctionDef)
                                and "action" in [a.arg for a in s.args.args]), None)
                if wrapper is not None:
                    writers.append((caller, wrapper))
                    continue
            try:
                found |= values(caller, given)
            except Unknown as unknown:
                unread.append(f"{caller.where}:{call.lineno} ({unknown})")
    return found, unread


AUDIT_ACTIONS, AUDIT_UNREAD = audit_actions()


def finance_documents() -> list[tuple]:
    """A lease's documents as `finance.presentation.documents` lists them, (kind, builder, file name,
    mime type, audit action): its builders are lambdas, run only when downloaded."""
    from types import SimpleNamespace

    from lafa_core.finance.presentation import documents

    return documents(SimpleNamespace(lease=SimpleNamespace(code="X")), "", "es", generated_at=None, generated_by="")


def ingest_choices() -> set[tuple[str, str]]:
    groups = [v for v in vars(ingest_kinds).values() if isinstance(v, ingest_kinds.Choices)]
    groups += [f.choices for fields in ingest_kinds.FIELDS.values() for f in fields if f.choices is not None]
    return {(c.group, code) for c in groups if c.translated for code in c.codes}


def ingest_fields() -> set[tuple[str, str]]:
    return {(kind, f.name) for kind, fields in ingest_kinds.FIELDS.items() for f in fields}


def ingest_formats() -> set[str]:
    """`_format_text`: a field with choices is "list" (a literal key); the others by `field.excel`."""
    return {f.excel for fields in ingest_kinds.FIELDS.values() for f in fields if f.choices is None}


def credit_refused_fields() -> set[str]:
    """The fields credit.service refuses input for (`bounds.whole_number(value, "field", ...)`,
    `InvalidDecision("decision", ...)`), which refusal_text names by their label. A what-if naming a
    field that is not one of them is refused with that name, and refusal_text falls back to the
    error's own text: that call's field (a loop variable) is not read."""
    module, found = module_named("lafa_core/credit/service.py"), set(credit_service.WHAT_IF_FIELDS)
    for node in module.nodes:
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in ("InvalidInput", "InvalidDecision"):
            given = node.args[0]
        elif (isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", None) == "bounds"
              and len(node.args) > 1):
            given = node.args[1]
        else:
            continue
        try:
            found |= values(module, given)
        except Unknown:
            pass
    return found


def roadmap_values(what: str) -> set[str]:
    items = roadmap_ecosystem.ecosystem().items
    return {
        "app": {strategy.DELIVERED, strategy.PARTIAL, strategy.IN_PROGRESS, strategy.NOT_IN_APP}
        | {item.app.status for item in items},
        "group": {item.group for item in items},
        "status": {roadmap_ecosystem.COVERED, roadmap_ecosystem.PARTIAL, roadmap_ecosystem.GAP}
        | {item.status for item in items},
        # the strategy's assumptions, plus the measured days past due (AVG_DPD) the sensitivity adds
        "assumption": {a.key for a in strategy.load_strategy().assumptions} | {strategy.AVG_DPD},
    }[what]


def function_named(relative: str, name: str) -> tuple[Module, ast.FunctionDef]:
    module = module_named(relative)
    return module, next(n for n in module.nodes if isinstance(n, ast.FunctionDef) and n.name == name)


def returned(relative: str, function_name: str) -> set[str]:
    """Every value a function returns, read off its `return` statements."""
    module, function = function_named(relative, function_name)
    found = set().union(*(values(module, n.value) for n in ast.walk(function)
                          if isinstance(n, ast.Return) and n.value is not None))
    assert found, f"{function_name} returns nothing readable"
    return found


def passed(relative: str, function_name: str, keyword: str) -> set[str]:
    """Every value a function passes as `keyword=` to the calls it makes (`add_incident(..., status="open")`)."""
    module, function = function_named(relative, function_name)
    found = set().union(*(values(module, k.value) for n in ast.walk(function) if isinstance(n, ast.Call)
                          for k in n.keywords if k.arg == keyword))
    assert found, f"{function_name} passes no {keyword}="
    return found


def first_items(relative: str, function_name: str, name: str) -> set[str]:
    """The first item of each pair a function puts in the list `name`: its literal and what it appends
    (`facts = [("plate", ...), ...]`, `facts.append(("phone", ...))`)."""
    module, function = function_named(relative, function_name)
    items = [item for value in assignments(function, name) for item in elements(module, value)]
    items += [n.args[0] for n in ast.walk(function) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
              and n.func.attr == "append" and getattr(n.func.value, "id", None) == name]
    found = set().union(*(values(module, item.elts[0]) for item in items))
    assert found, f"{function_name} puts nothing in {name}"
    return found


def fleet_refused_fields() -> set[str]:
    """The fields fleet.service refuses input for, which `presentation.refusal` names by their label:
    the first argument of each FleetRefused(...) and the field name given to the `bounds` checks
    (through `_id` and `_not_future`, followed to their calls)."""
    module, found = module_named("lafa_core/fleet/service.py"), set()
    for node in module.nodes:
        if not isinstance(node, ast.Call) or not node.args:
            continue
        if getattr(node.func, "id", None) == "FleetRefused":
            found |= values(module, node.args[0])
        elif (isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", None) == "bounds"
              and len(node.args) > 1):
            found |= values(module, node.args[1])
    return found


def strategy_project_texts() -> set[tuple[str, str]]:
    """i18n.project_text: each roadmap project's name, user and note whose English source is not empty
    (an empty one is shown as it is)."""
    return {(project.id, field_name) for project in strategy.load_strategy().projects
            for field_name, source in (("name", project.name), ("user", project.primary_user),
                                       ("note", project.impact_note)) if source}


def strategy_terms() -> set[str]:
    """i18n.strategy_term: the words of data/scaling.yaml the roadmap's scaling tab shows (project codes
    such as "P0.2" are shown as they are)."""
    from lafa_core.i18n import term_slug
    from lafa_core.reference import load_reference

    scaling = load_reference("scaling")
    words = {row[key] for row in scaling["build_vs_buy"] for key in ("layer", "verdict", "moat", "threshold")}
    words |= {str(row["project"]) for row in scaling["build_vs_buy"] + scaling["ml_priorities"]
              if not str(row["project"]).startswith("P")}
    words |= {row["architecture"] for row in scaling["tech_spend_by_fleet"]}
    words |= {row["note"] for row in scaling["data_stack_phases"] if row.get("note")}
    words |= {row[key] for row in scaling["ml_priorities"] for key in ("use_case", "impact")}
    return {term_slug(word) for word in words}


FAMILIES = {
    # kpis.attention.findings: the first argument of each Finding(...)
    "attention.{}": lambda: first_arguments("Finding"),
    "audit.action.{}": lambda: AUDIT_ACTIONS | AUDIT_NOT_THROUGH_RECORD | {d[-1] for d in finance_documents()},
    "battery.action.{}": lambda: set(battery_rules.ACTIONS),
    "battery.floor.{}": lambda: written("lafa_core/battery/service.py", "floor_status"),
    "battery.product.{}": lambda: enum_values(tables.Product) | {battery_service.NO_PRODUCT},
    "battery.vehicle.band_status.{}": lambda: written("lafa_core/battery/service.py", "band_status"),
    "charging.period.{}": lambda: enum_values(tables.TariffPeriod) | set(charging_presentation.PERIOD_COLORS),
    "charging.reason.{}": lambda: {optimizer.CHARGER_TIME, optimizer.SITE_LIMIT},
    # cap_notice names the caps an account has reached (rules.caps_reached: among CAPS)
    "collections.cap.{}": lambda: {cap.value for cap in collections_rules.CAPS},
    "collections.channel.{}": lambda: set(collections_rules.CHANNELS),
    "collections.fate.{}": lambda: enum_values(ledger_rules.PromiseFate),
    # schedule_columns: the state of each part of the schedule
    "collections.installment.{}": lambda: first_items("lafa_core/collections/presentation.py", "schedule_columns",
                                                      "parts"),
    "collections.kind.{}": lambda: enum_values(collections_rules.RestructuringKind),
    "collections.method.{}": lambda: enum_values(tables.PaymentMethod),
    "collections.outcome.{}": lambda: enum_values(collections_rules.Outcome),
    "collections.reason.{}": lambda: enum_values(collections_rules.BlockReason),
    "collections.stage.{}": lambda: set(collections_rules.STAGE_CODES),
    # an offer is written status="pending", then decided status="approved" / "rejected"
    "collections.status.{}": lambda: written("lafa_core/collections/restructuring.py", "status"),
    "credit.band.{}": lambda: enum_values(credit_policy.Band),
    "credit.candidate.source.{}": lambda: written("lafa_core/credit/service.py", "kind"),
    "credit.decision.{}": lambda: set(credit_service.DECISIONS),
    # feature_label falls back to the feature's name; every feature a model uses has its label
    "credit.feature.{}": lambda: set(credit_features.FEATURES) | set(credit_features.FEATURE_KINDS),
    "credit.field.{}": lambda: credit_refused_fields(),
    "credit.model.kind.{}": lambda: set(credit_model.KINDS),
    "credit.recommend.{}": lambda: enum_values(credit_policy.Band),
    "credit.release.kind.{}": lambda: {lifecycle.SETUP, lifecycle.PUBLISH, lifecycle.ROLLBACK},
    "credit.review.correlation_basis.{}": lambda: written("lafa_core/credit/lifecycle.py", "correlation_basis"),
    # the review's problems (lifecycle.review), each in full and short
    "credit.review.problem.{}": lambda: {lifecycle.NEGATIVE_CORRELATION, lifecycle.AUC_BELOW_FLOOR},
    "credit.review.problem.{}.short": lambda: {lifecycle.NEGATIVE_CORRELATION, lifecycle.AUC_BELOW_FLOOR},
    # credit.policy.knock_out_rules: the first argument of each KnockOut(...)
    "credit.rule.{}": lambda: first_arguments("KnockOut"),
    "credit.rule_name.{}": lambda: first_arguments("KnockOut"),
    # conflict_texts: every kind, and "_row" (the clash is within the sheet) for the two overlaps
    "dispatch.conflict.{}{}": lambda: {(kind.value, "") for kind in dispatch_rules.ConflictKind} | {
        (kind.value, "_row") for kind in (dispatch_rules.ConflictKind.DRIVER_OVERLAP,
                                          dispatch_rules.ConflictKind.VEHICLE_OVERLAP)},
    "dispatch.status.{}": lambda: enum_values(tables.ShiftStatus),
    # the maintenance overview's band: "none" until measured, then rules.band_position's answer
    "fleet.band.{}": lambda: returned("lafa_core/fleet/rules.py", "band_position")
    | {f.default for f in fields(fleet_service.MaintenanceOverview) if f.name == "band"},
    # a claim is filed, then decided
    "fleet.claim.{}": lambda: passed("lafa_core/fleet/service.py", "file_claim", "status")
    | set(fleet_service.CLAIM_DECISIONS),
    "fleet.due.{}": lambda: {fleet_rules.OVERDUE, fleet_rules.DUE_SOON, fleet_rules.OK},
    "fleet.due.by.{}": lambda: {fleet_rules.BY_KM, fleet_rules.BY_DATE},
    # refusal names the field only when its label is in the catalogs (else the error's own text)
    "fleet.field.{}": lambda: fleet_refused_fields(),
    # an incident is logged "open" and resolved "closed"
    "fleet.incident.{}": lambda: passed("lafa_core/fleet/service.py", "log_incident", "status")
    | passed("lafa_core/fleet/queries.py", "resolve_incident", "status"),
    "fleet.ikind.{}": lambda: set(fleet_service.INCIDENT_KINDS),
    "fleet.kind.{}": lambda: set(fleet_service.ORDER_KINDS),
    "fleet.map.filter.{}": lambda: set(fleet_presentation.FILTERS),
    "fleet.map.product.{}": lambda: enum_values(tables.Product) | {fleet_presentation.NO_PRODUCT},
    "fleet.severity.{}": lambda: set(fleet_service.SEVERITIES),
    # a vehicle's status, or "maintenance" while a work order keeps it in the workshop (a status too)
    "fleet.status.{}": lambda: enum_values(tables.VehicleStatus),
    "fleet.story.{}": lambda: first_items("lafa_core/fleet/presentation.py", "story_facts", "facts"),
    "finance.download.{}": lambda: {kind for kind, *_ in finance_documents()},
    # the renewals list holds the uninsured and the policies ending within a window, never LATER
    "finance.renewal.window.{}": lambda: {insurance_rules.UNINSURED}
    | {str(w) for w in insurance_rules.RENEWAL_WINDOWS},
    "ingest.choice.{}.{}": ingest_choices,
    "ingest.format.{}": ingest_formats,
    "ingest.sheet.{}": lambda: set(ingest_kinds.KINDS),
    "ingest.{}.{}": ingest_fields,
    "ingest.{}.{}.help": ingest_fields,
    "roadmap.app.{}": lambda: roadmap_values("app"),
    "roadmap.assumption.{}": lambda: roadmap_values("assumption"),
    "roadmap.group.{}": lambda: roadmap_values("group"),
    "roadmap.status.{}": lambda: roadmap_values("status"),
    "role.{}": lambda: enum_values(Role),
    # milestone_name falls back to the strategy's English name; the strategy's milestones have theirs
    "strategy.milestone.{}": lambda: {str(m.fleet) for m in strategy.load_strategy().milestones},
    # project_text falls back to the strategy's English source; every project's non-empty text has its key
    "strategy.project.{}.{}": strategy_project_texts,
    "strategy.term.{}": strategy_terms,
}

# Audit actions written straight into audit_log, not through audit.record, so no call names them:
# the payments sheet's per-contract records (ingest.service._settle → queries.insert_audit) and the
# demo company's generation record (generate.company, bulk-inserted with the data). Plus the actions
# of the finance page's document downloads, which come from `documents()`, read here by calling it.
AUDIT_NOT_THROUGH_RECORD = {"ingest.contract_changed", "ingest.installments_paid", "company.generated"}
AUDIT_READ_ELSEWHERE = {"pages/finance.py": "view.documents("}  # file → the expression the action comes from


def fill(family: str, value) -> str:
    return family.format(*(value if isinstance(value, tuple) else (value,)))


def expanded() -> dict[str, set[str]]:
    """Every family's keys: derived from the code's uses, plus its FAMILIES entry if it has one."""
    keys: dict[str, set[str]] = {}
    for site in SITES:
        keys.setdefault(site.family, set()).update(site.keys or ())
    for family, domain in FAMILIES.items():
        keys.setdefault(family, set()).update(fill(family, value) for value in domain())
    return keys


# --- The tests ----------------------------------------------------------------------------------------

def test_the_scan_finds_the_run_time_keys():
    families = {site.family for site in SITES}
    assert {"collections.outcome.{}", "role.{}", "ingest.{}.{}", "charging.col.{}", "attention.{}"} <= families
    assert len(families) >= 60
    derived = {site.family for site in SITES if site.keys is not None}
    assert {"charging.col.{}", "finance.col.{}", "kpi.{}", "dispatch.state.{}", "home.trend.{}"} <= derived


def test_every_run_time_key_family_has_an_expansion():
    """A key built at run time whose values cannot be read off the code needs an entry in FAMILIES."""
    missing = {}
    for site in SITES:
        if site.keys is None and site.family not in FAMILIES:
            missing.setdefault(site.family, []).append(f"{site.where} ({site.why})")
    assert not missing, (
        "These keys are built at run time from values the test cannot read off the code. Add each family "
        "to FAMILIES in tests/unit/test_i18n_keys.py with the package's source of its values (an enum, a "
        "constant, a data file), or loop over a literal tuple or a module constant where the key is built:\n"
        + "\n".join(f"  {family}: {', '.join(where)}" for family, where in sorted(missing.items())))


def test_no_family_entry_is_stale():
    stale = sorted(set(FAMILIES) - {site.family for site in SITES})
    assert not stale, f"FAMILIES entries no code builds any more (remove them): {stale}"


def test_every_family_expands_to_keys():
    empty = sorted(family for family, keys in expanded().items() if not keys)
    assert not empty, empty


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_every_run_time_key_exists_in_every_language(lang):
    messages = CATALOGS[lang]
    missing = {family: sorted(k for k in keys if not _present(messages, k)) for family, keys in expanded().items()}
    missing = {family: keys for family, keys in missing.items() if keys}
    assert not missing, f"{lang}: keys the code can ask for, missing or empty:\n" + "\n".join(
        f"  {family}: {keys}" for family, keys in sorted(missing.items()))


def _present(messages: dict, key: str) -> bool:
    text = messages.get(key)
    return bool(text) and all(str(piece).strip() for piece in (text if isinstance(text, list) else [text]))


def test_every_audited_action_is_read_off_the_code():
    """The audit trail names each action in the user's language (admin page): every action the code
    records is followed from audit.record; a call whose action comes from elsewhere is listed here."""
    assert len(AUDIT_ACTIONS) >= 30 and {"auth.signed_in", "battery.decide", "kpis.pack_exported"} <= AUDIT_ACTIONS
    unexplained = [site for site in AUDIT_UNREAD
                   if not any(site.startswith(path) and expression in site
                              for path, expression in AUDIT_READ_ELSEWHERE.items())]
    assert not unexplained, (
        "Audit records whose action the test cannot read off the code: pass it as a literal (or a constant) "
        f"or list where it comes from in AUDIT_READ_ELSEWHERE: {unexplained}")


VARIABLE_KEYS, VARIABLE_UNREAD = variable_keys()


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_keys_held_in_variables_exist_in_every_language(lang):
    """`tr(title)`, `t("a" if x else "b", lang)`, `t(label, lang)` over a literal list: read off the
    code like the families. The calls whose key comes from an object (an error's key, a Finding's,
    a field's label) are covered where that object is made (the families above, the errors below)."""
    assert len(VARIABLE_KEYS) >= 15
    missing = {where: sorted(k for k in keys if not _present(CATALOGS[lang], k))
               for where, keys in VARIABLE_KEYS.items()}
    assert not {where: keys for where, keys in missing.items() if keys}, (lang, missing)


# The calls whose key is held in a variable that cannot be read off the code, (file, key expression),
# and where their keys are checked instead.
VARIABLE_KEYS_CHECKED_ELSEWHERE = {
    ("app.py", "group"): "ui.NAVIGATION's groups: test_the_menu_groups_and_page_titles_exist_in_every_language",
    ("ui_roadmap.py", "title"): "ui.NAVIGATION's page titles: test_the_menu_groups_and_page_titles_exist_in_every_language",
    ("lafa_core/errors.py", "key"): "error_text: an error's key= (test_every_error_key_exists_in_every_language)",
    ("lafa_core/credit/presentation.py", "key"): "refusal_text: an error's key= (the same test)",
    ("lafa_core/credit/presentation.py", "label"): "refusal_text: the family credit.field.{} (FAMILIES)",
    ("lafa_core/credit/presentation.py",
     "f'credit.review.problem.{problem}' + ('' if review is not None else '.short')"):
        "problem_text: the families credit.review.problem.{} and .{}.short (FAMILIES)",
    ("lafa_core/credit/explain.py", "key"): "feature_label: the family credit.feature.{} (FAMILIES)",
    ("lafa_core/dispatch/presentation.py", "key"): "conflict_texts: the family dispatch.conflict.{}{} (FAMILIES)",
    ("lafa_core/i18n/__init__.py", "key"): "milestone_name: the family strategy.milestone.{} (FAMILIES)",
    ("lafa_core/fleet/presentation.py", "key"): "refusal: an error's key= (the same test)",
    ("lafa_core/fields.py", "self.key"): "FieldWarning.text: test_every_import_note_key_exists_in_every_language",
    ("lafa_core/imports/sheet.py", "self.key"): "RowNote.text: test_every_import_note_key_exists_in_every_language",
    ("pages/credit.py", "field.label_key"): "credit.presentation._WHAT_IF_LABELS: test_the_what_if_labels_exist",
}


def test_every_key_held_in_a_variable_is_checked_somewhere():
    unread = {(where, expression) for where, expression, _ in VARIABLE_UNREAD}
    unchecked = sorted(f"{where}:{line} {expression}" for where, expression, line in VARIABLE_UNREAD
                       if (where, expression) not in VARIABLE_KEYS_CHECKED_ELSEWHERE)
    assert not unchecked, (
        "t()/tr() with a key the test cannot read off the code: build it from literals or constants where "
        f"it is asked for, or check where the key is made and list it in VARIABLE_KEYS_CHECKED_ELSEWHERE: {unchecked}")
    assert not set(VARIABLE_KEYS_CHECKED_ELSEWHERE) - unread, set(VARIABLE_KEYS_CHECKED_ELSEWHERE) - unread


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_the_what_if_labels_exist(lang):
    labels = importlib.import_module("lafa_core.credit.presentation")._WHAT_IF_LABELS
    assert set(labels) == set(credit_service.WHAT_IF_FIELDS)
    assert not sorted(key for key, *_ in labels.values() if not _present(CATALOGS[lang], key))


def navigation() -> tuple[set[str], set[str]]:
    """ui.NAVIGATION's group keys and page title keys, read off ui.py (importing it starts Streamlit)."""
    module = MODULES[ROOT / "ui.py"]
    (menu,) = assignments(module.tree, "NAVIGATION")
    groups = {values(module, key).pop() for key in menu.keys}
    titles = {values(module, entry.elts[2]).pop() for entries in menu.values for entry in entries.elts}
    return groups, titles


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_the_menu_groups_and_page_titles_exist_in_every_language(lang):
    groups, titles = navigation()
    assert len(groups) >= 3 and len(titles) >= 10
    # app.py's `tr(title)` over the same entries is read off the code too
    assert any(titles <= keys for where, keys in VARIABLE_KEYS.items() if where.startswith("app.py:"))
    assert not sorted(k for k in groups | titles if not _present(CATALOGS[lang], k))


def error_keys() -> tuple[set[str], list[str]]:
    """The `key=` every LocalizedError (and subclass) is raised with: error_text shows the message in
    the user's language only when the key is in the catalogs (else the developer's English message)."""
    localized, grew = {"LocalizedError"}, True
    while grew:
        grew = False
        for module in MODULES.values():
            for node in module.nodes:
                if isinstance(node, ast.ClassDef) and node.name not in localized and any(
                        (getattr(b, "id", None) or getattr(b, "attr", None)) in localized for b in node.bases):
                    localized.add(node.name)
                    grew = True
    found, unread = set(), []
    for module in MODULES.values():
        for node in module.nodes:
            callee = getattr(node, "func", None)
            if isinstance(node, ast.Call) and (getattr(callee, "id", None)
                                               or getattr(callee, "attr", None)) in localized:
                for keyword in node.keywords:
                    if keyword.arg != "key":
                        continue
                    try:
                        found |= values(module, keyword.value)
                    except Unknown as unknown:
                        unread.append(f"{module.where}:{node.lineno} ({unknown})")
    return found, unread


def note_keys() -> tuple[set[str], list[str]]:
    """The keys of the notes an import writes about a row (RowProblem / RowWarning(row, column, value,
    key)) and of a field's warning (FieldWarning(field, key)), followed through the helpers that pass
    their own `key` on (ingest's `check.problem(row, name, value, key)`, a method: its calls in its
    module)."""
    sinks = [(None, name, position) for name, position in (("RowProblem", 3), ("RowWarning", 3), ("RowNote", 3),
                                                           ("FieldWarning", 1))]
    found, unread, done = set(), [], set()
    while sinks:
        home, callee, position = sinks.pop()
        if (home and home.path, callee) in done:
            continue
        done.add((home and home.path, callee))
        for module in [home] if home is not None else MODULES.values():
            for call in (n for n in module.nodes if isinstance(n, ast.Call)):
                if (getattr(call.func, "id", None) or getattr(call.func, "attr", None)) != callee:
                    continue
                given = argument(call, position, "key")
                method = next((s for s in module.ancestors(call) if isinstance(s, ast.FunctionDef)), None)
                parameters = [a.arg for a in method.args.args] if method is not None else []
                if isinstance(given, ast.Name) and given.id in parameters and parameters[0] == "self":
                    sinks.append((module, method.name, parameters.index(given.id) - 1))  # check.problem(...)
                    continue
                if isinstance(given, ast.Attribute) and given.attr == "key":
                    continue  # a FieldWarning's or an error's key (RowProblem.from_error), checked where made
                try:
                    found |= values(module, given)
                except Unknown as unknown:
                    unread.append(f"{module.where}:{call.lineno} ({unknown})")
    return found, unread


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_every_import_note_key_exists_in_every_language(lang):
    keys, unread = note_keys()
    assert len(keys) >= 20, keys
    assert not unread, unread
    assert not sorted(k for k in keys if not _present(CATALOGS[lang], k))


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_every_error_key_exists_in_every_language(lang):
    keys, unread = error_keys()
    assert len(keys) >= 100 and not unread, unread
    assert not sorted(k for k in keys if not _present(CATALOGS[lang], k))
