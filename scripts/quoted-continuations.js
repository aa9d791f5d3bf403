// Some CRD files (Flagger's artifacts/flagger/crd.yaml, written by controller-gen of its time)
// continue multi-line single-quoted scalars on lines indented no deeper than their key, which Go's
// YAML reader accepts and the `yaml` package refuses. A quoted scalar folds its line breaks and
// ignores the continuation lines' leading whitespace, so indenting those lines two spaces deeper
// than the key changes no value: this does that, and nothing else.
'use strict';

/** Whether a single-quoted scalar opened in `rest` (the text after the opening quote) stays open. */
function staysOpen(rest) {
  // '' is an escaped quote; a lone ' closes the scalar
  return (rest.replace(/''/g, '').match(/'/g) || []).length === 0;
}

/** The text with every continuation line of a multi-line single-quoted scalar indented below its key. */
function indentQuotedContinuations(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(?:- )?[A-Za-z0-9_$.-]+: '(.*)$/.exec(lines[i]);
    if (!open || !staysOpen(open[2])) continue;
    const deeper = `${open[1]}    `;
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() !== '' && line.length - line.trimStart().length < deeper.length) lines[i] = deeper + line.trimStart();
      if (!staysOpen(line)) break;
    }
  }
  return lines.join('\n');
}

module.exports = { indentQuotedContinuations };
