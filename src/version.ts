/** The tool's version, written into the metadata of every merged checkpoint. Kept equal to package.json's. */
export const VERSION = '0.1.0';
