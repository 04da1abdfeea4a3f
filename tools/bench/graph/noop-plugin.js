// Baseline for tools/bench/graph: infers the same projects as @releasable/nx (every dir with a
// file under devops/) without reading any file. By default each gets one trivial target; with
// the option `template` (a project configuration captured from @releasable/nx) each gets that
// template's targets and named inputs, so the graph has the same size and only our code differs.
export const createNodes = [
  '**/devops/**/*',
  (files, options) => {
    const roots = new Map();
    for (const file of files) {
      const i = file.split('/').indexOf('devops');
      const root = i <= 0 ? '.' : file.split('/').slice(0, i).join('/');
      if (!roots.has(root)) roots.set(root, file);
    }
    const template = options?.template;
    return [...roots].map(([root, file]) => {
      const name = root.split('/').pop();
      const project = template
        ? { ...template, root, name, metadata: { ...template.metadata, description: `Releasable dir "${root}".` } }
        : { root, name, targets: { noop: { command: 'true' } } };
      return [file, { projects: { [root]: project } }];
    });
  },
];
export const createNodesV2 = createNodes;
