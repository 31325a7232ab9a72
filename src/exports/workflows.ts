/**
 * What `medusa-plugin-kapy/workflows` exports: Kapy's workflows, steps and
 * event names, and the handlers of the core-flow hooks Kapy takes, for a
 * shop that registers its own handler of one of those hooks. Importing it
 * registers no hook handler.
 */
export * from "../workflows"
export * from "../workflows/hooks"
