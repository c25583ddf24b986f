// Answers with a value that cannot be sent between threads (a function).
export default function createAgent() {
  return {
    name: "unclonable-js",
    propose() {
      return { outcome: () => 0 };
    },
    respond() {
      return "reject";
    },
  };
}
