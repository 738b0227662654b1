// Specs seed what they need through the same factories as the HTTP tests.
export { freshUser } from "../tests/support/factories";
