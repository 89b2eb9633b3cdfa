"""No module of utter_va imports one that imports it back.

Every ``import`` of an utter_va module counts, those inside functions too:
deferring an import into a function hides a cycle, it does not remove it.
"""

import ast
import os

import testtools

PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOP = os.path.dirname(PACKAGE)


def _modules():
    """{module name: path} of every module of utter_va but the tests."""
    modules = {}
    for directory, subdirectories, files in os.walk(PACKAGE):
        subdirectories[:] = [d for d in subdirectories if d != 'tests']
        for name in files:
            if name.endswith('.py'):
                path = os.path.join(directory, name)
                module = os.path.relpath(path, TOP)[:-3].replace(os.sep, '.')
                modules[module.removesuffix('.__init__')] = path
    return modules


def _imports(path, modules):
    """The utter_va modules that the module at ``path`` imports."""
    with open(path) as f:
        tree = ast.parse(f.read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                name = '%s.%s' % (node.module, alias.name)
                imported.add(name if name in modules else node.module)
    return {name for name in imported if name in modules}


def cycles(graph):
    """The cycles of ``graph`` ({node: {node}}), as lists of nodes."""
    found = []
    state = {}

    def visit(node, path):
        state[node] = 'open'
        for other in sorted(graph[node]):
            if state.get(other) == 'open':
                found.append(path[path.index(other):] + [other])
            elif other not in state:
                visit(other, path + [other])
        state[node] = 'done'

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


class TestImports(testtools.TestCase):

    def test_cycles_are_found(self):
        self.assertEqual([['a', 'b', 'a']],
                         cycles({'a': {'b'}, 'b': {'a'}, 'c': {'a'}}))
        self.assertEqual([], cycles({'a': {'b'}, 'b': set()}))

    def test_no_import_cycle(self):
        modules = _modules()
        self.assertIn('utter_va.api.app', modules)
        graph = {module: _imports(path, modules) - {module}
                 for module, path in modules.items()}
        self.assertEqual([], cycles(graph))
