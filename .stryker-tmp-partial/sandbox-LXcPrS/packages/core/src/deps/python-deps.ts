// @ts-nocheck
import { parse as parseToml } from 'smol-toml';
import { ReleasableError } from '../errors.js';
import { PYTHON_STDLIB } from './python-stdlib.js';

/** Import name → package name where they differ. Extend per dir with repo_config `depsCheck.importToPackage`. */
export const IMPORT_TO_PACKAGE: Readonly<Record<string, string>> = {
  yaml: 'PyYAML',
  sklearn: 'scikit-learn',
  skimage: 'scikit-image',
  cv2: 'opencv-python',
  PIL: 'Pillow',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  jwt: 'PyJWT',
  Crypto: 'pycryptodome',
  OpenSSL: 'pyOpenSSL',
  attr: 'attrs',
  zmq: 'pyzmq',
  serial: 'pyserial',
  docx: 'python-docx',
  pptx: 'python-pptx',
  MySQLdb: 'mysqlclient',
  psycopg2: 'psycopg2-binary',
  google: 'protobuf',
  magic: 'python-magic',
  git: 'GitPython',
  Levenshtein: 'python-Levenshtein',
  ccxt: 'ccxt',
};

/** Packages that are declared on purpose without being imported (tools, plugins, CLIs). */
export const ALLOWED_UNUSED: readonly string[] = [
  'pytest-cov',
  'awscli',
  'pytest',
  'pytest-xdist',
  'pytest-timeout',
  'black',
  'flake8',
  'mypy',
  'pylint',
  'ipython',
  'jupyter',
  'jupyterlab',
  'invoke',
  'poetry',
];

/** PEP 503 normalized package name. */
export function normalizePackage(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Packages a pyproject.toml declares: poetry dependencies (all groups) and PEP 621 dependencies. */
export function declaredPythonPackages(tomlText: string, file = 'pyproject.toml'): string[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(tomlText) as Record<string, unknown>;
  } catch (error) {
    throw new ReleasableError(
      `${file}: is not valid TOML (${(error as Error).message.split('\n')[0]}).`,
      { file },
      { cause: error },
    );
  }
  const names = new Set<string>();
  const poetry = ((doc['tool'] as Record<string, unknown> | undefined)?.['poetry'] ?? {}) as Record<string, unknown>;
  const tables = [poetry['dependencies'], poetry['dev-dependencies']];
  for (const group of Object.values((poetry['group'] ?? {}) as Record<string, { dependencies?: unknown }>))
    tables.push(group.dependencies);
  for (const table of tables)
    for (const key of Object.keys((table ?? {}) as object)) if (key !== 'python') names.add(key);
  const project = (doc['project'] ?? {}) as {
    dependencies?: string[];
    'optional-dependencies'?: Record<string, string[]>;
  };
  const specs = [...(project.dependencies ?? []), ...Object.values(project['optional-dependencies'] ?? {}).flat()];
  for (const spec of specs) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec);
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}

export interface DepsCheckInput {
  readonly declared: readonly string[];
  /** Top-level module names imported by the dir's code. */
  readonly imports: readonly string[];
  /** Modules that are the repo's own code (not packages to install). */
  readonly localModules: ReadonlySet<string>;
  readonly importToPackage?: Readonly<Record<string, string>>;
  readonly allowUnused?: readonly string[];
}

export interface DepsCheckResult {
  /** Declared packages no code imports (allow-listed ones left out). */
  readonly unused: readonly string[];
  /** Third-party imports whose package is not declared: import name → package name. */
  readonly missing: readonly { import: string; package: string }[];
}

/** Compares declared packages with imports, mapping import names to package names. */
export function checkPythonDeps(i: DepsCheckInput): DepsCheckResult {
  const table = { ...IMPORT_TO_PACKAGE, ...i.importToPackage };
  const declared = new Map(i.declared.map((d) => [normalizePackage(d), d]));
  const allowed = new Set([...ALLOWED_UNUSED, ...(i.allowUnused ?? [])].map(normalizePackage));
  const used = new Set<string>();
  const missing: { import: string; package: string }[] = [];
  for (const name of i.imports) {
    if (PYTHON_STDLIB.has(name) || i.localModules.has(name)) continue;
    const pkg = table[name] ?? name;
    const key = normalizePackage(pkg);
    if (declared.has(key)) used.add(key);
    else missing.push({ import: name, package: pkg });
  }
  const unused = [...declared.entries()]
    .filter(([key]) => !used.has(key) && !allowed.has(key))
    .map(([, original]) => original);
  return { unused: unused.sort(), missing };
}
