/** A plot as wide as its container allows (at most `max`), updated when the window resizes. */
import { type RefObject, useEffect, useRef, useState } from "react";
import { plotWidth } from "../tracePlane.ts";

export function useFitWidth<T extends HTMLElement>(max: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(max);
  useEffect(() => {
    const measure = () => setWidth(plotWidth(ref.current?.clientWidth ?? max, max));
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [max]);
  return [ref, width];
}
