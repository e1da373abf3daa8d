/** The 835 writer, where the tests look for it (src/x12/835/write.ts). */
export * from "../write.js";
