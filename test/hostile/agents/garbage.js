// Answers with garbage: "maybe" to every offer, a sentence for its own.
export default function createAgent() {
  return {
    name: "garbage-js",
    propose() {
      return "the best offer";
    },
    respond() {
      return "maybe";
    },
  };
}
