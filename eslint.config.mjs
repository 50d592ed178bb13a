import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

/**
 * Dependency direction (README, end of "How it works"): app → server → db; db and domain code never
 * reach up.
 */
const layering = {
  "import/no-restricted-paths": [
    "error",
    {
      zones: [
        {
          target: "./db",
          from: ["./app", "./server", "./components"],
          message: "db/ imports nothing from app/, server/ or components/.",
        },
        {
          target: "./server",
          from: ["./app", "./components"],
          message: "server/ never imports from app/ or components/.",
        },
        { target: "./components", from: ["./db"], message: "components take DTOs, never DB rows." },
      ],
    },
  ],
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: ["next", "next/*", "react", "react-dom", "next-auth", "next-auth/*"],
          message: "Domain code (server/<domain>, db) is framework-free.",
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...nextVitals,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
  {
    files: ["db/**", "server/**"],
    // The web layers' glue, and the worker that runs Next.js itself.
    ignores: [
      "server/trpc/**",
      "server/auth/**",
      "server/http/**",
      "server/platform/next-worker.mjs",
    ],
    rules: layering,
  },
  { files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
