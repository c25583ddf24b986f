/** A figure whose SVG comes from the report's plot code (the same functions as the HTML report). */
export function ReportFigure({ svg, caption }: { svg: string; caption: string }) {
  return (
    <figure>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the report's plot code escapes every name it writes (test/hostile/escaping.test.ts) */}
      <div dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
