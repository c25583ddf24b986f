// Returns the same agent object every time (a module-level singleton): it must make a fresh one each time.
const agent = {
  name: "singleton-js",
  propose() {
    return 0;
  },
  respond() {
    return "reject";
  },
};
export default function createAgent() {
  return agent;
}
