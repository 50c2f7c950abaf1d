/** Vite/vitest `?raw` imports: the file's text (used by the docs-vs-table test). */
declare module '*?raw' {
  const text: string;
  export default text;
}
