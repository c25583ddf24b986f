/** The package's version, printed by `zopa --version` (checked against package.json by a test). */
export { VERSION } from "../util/version.ts";
