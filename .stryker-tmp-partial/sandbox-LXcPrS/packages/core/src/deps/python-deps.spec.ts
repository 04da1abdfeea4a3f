// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { checkPythonDeps, declaredPythonPackages } from './python-deps.js';

describe('declaredPythonPackages', () => {
  it('reads poetry dependencies of every group and PEP 621 dependencies, without python', () => {
    const toml = `[tool.poetry.dependencies]\npython = "^3.11"\npandas = "^2"\n\n[tool.poetry.group.dev.dependencies]\npytest-cov = "*"\n\n[project]\ndependencies = ["requests>=2", "scikit-learn[all] ; python_version>'3'"]\n[project.optional-dependencies]\nplot = ["matplotlib"]\n`;
    expect(declaredPythonPackages(toml)).toEqual(['matplotlib', 'pandas', 'pytest-cov', 'requests', 'scikit-learn']);
  });
  it('names the file on invalid TOML', () => {
    expect(() => declaredPythonPackages('[tool.poetry\n', 'x/pyproject.toml')).toThrow(
      'x/pyproject.toml: is not valid TOML',
    );
  });
});

describe('checkPythonDeps', () => {
  it('maps import names to packages, skips stdlib and local modules, allow-lists tools', () => {
    const result = checkPythonDeps({
      declared: ['pandas', 'PyYAML', 'pytest-cov', 'awscli', 'requests', 'Scikit_Learn'],
      imports: ['os', 'pandas', 'yaml', 'sklearn', 'cvxpy', 'helpers', 'fitz'],
      localModules: new Set(['helpers']),
      importToPackage: { fitz: 'PyMuPDF' },
    });
    expect(result).toEqual({
      unused: ['requests'],
      missing: [
        { import: 'cvxpy', package: 'cvxpy' },
        { import: 'fitz', package: 'PyMuPDF' },
      ],
    });
  });
  it('honours a per-dir allow list', () => {
    expect(
      checkPythonDeps({ declared: ['boto3'], imports: [], localModules: new Set(), allowUnused: ['boto3'] }).unused,
    ).toEqual([]);
  });
});
