/**
 * How large the pieces of a recipe may be. Real recipes are far below each; the limits bound the work a hostile
 * or broken file can cause, and each is reported as a diagnostic (or, for files, an error) rather than a failure.
 */

/** Characters in a recipe (a file is refused over as many bytes, before it is read). */
export const MAX_RECIPE_LENGTH = 16 * 1024 * 1024;
/** Characters in one string literal, quotes included: model paths and SuperMerger block lists are far shorter. */
export const MAX_STRING_LENGTH = 64 * 1024;
/** Characters in one name (a variable, method, keyword argument or dict key) or one number. */
export const MAX_NAME_LENGTH = 1024;
