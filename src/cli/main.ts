export function main(argv: string[]): void {
  console.log('mechac', argv.length);
}
