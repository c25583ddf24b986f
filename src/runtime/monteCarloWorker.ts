/** Worker-thread entry for piscina: one batch of Monte Carlo samples. */
import { type MonteCarloTask, type SampleBatch, sampleBatch } from "../forecast/monteCarlo.ts";

export default function run(task: MonteCarloTask): SampleBatch {
  return sampleBatch(task);
}
