/** A figure whose SVG comes from the report's plot code (the same functions as the HTML report). */
import { useEffect, useRef } from "react";
import { makeAccessible } from "../plots/accessible.ts";

export function ReportFigure({ svg, caption }: { svg: string; caption: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) makeAccessible(ref.current, caption);
  }, [caption]);
  return (
    <figure>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the report's plot code escapes every name it writes (test/hostile/escaping.test.ts) */}
      <div ref={ref} dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
