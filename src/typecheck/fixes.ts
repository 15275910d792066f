import type { DiagnosticOptions, Fix } from '../diagnostics/diagnostic.js';
import type { Span } from '../text/span.js';

/** A fix that replaces one span. */
export function replaceFix(title: string, span: Span, newText: string): Fix {
  return { title, edits: [{ span, newText }] };
}

/**
 * "Did you mean": a help line and a fix replacing what was written. `quoted` keeps the string quotes of legacy
 * files (`"weighted_sum"`).
 */
export function didYouMean(suggestion: string | undefined, span: Span, quoted = false, help?: string): DiagnosticOptions {
  if (suggestion === undefined) return help === undefined ? {} : { help };
  const text = quoted ? quote(suggestion) : suggestion;
  return {
    help: `did you mean '${suggestion}'?${help === undefined ? '' : ` ${help}`}`,
    fixes: [replaceFix(`Change to ${quoted ? text : `'${text}'`}`, span, text)],
  };
}

/** A string as the recipe dialects write it. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
