// The activity log loads like the tab it belongs to.
export { default } from "../(tab)/loading";
