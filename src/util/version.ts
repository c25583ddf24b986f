/**
 * Zopa's version (checked against package.json by a test): printed by `zopa --version`, and published with a
 * queued tournament so that coordinator and queue workers of different versions refuse each other.
 */
export const VERSION = "0.1.0";
