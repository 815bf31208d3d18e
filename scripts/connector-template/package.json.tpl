{
  "name": "@talkbridge/connector-__id__",
  "version": "0.0.0",
  "description": "talkbridge connector for __DISPLAY__: finds a contact and returns its interactions in Talkdesk's format",
  "license": "MIT",
  "keywords": ["talkdesk", "talkbridge", "bridge", "integration", "connector", "__id__"],
  "homepage": "https://github.com/talkbridge/talkbridge/tree/main/packages/connector-__id__#readme",
  "bugs": {
    "url": "https://github.com/talkbridge/talkbridge/issues"
  },
  "repository": {
    "type": "git",
    "url": "git+https://github.com/talkbridge/talkbridge.git",
    "directory": "packages/connector-__id__"
  },
  "type": "module",
  "engines": {
    "node": ">=20.19.0"
  },
  "exports": {
    ".": {
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    }
  },
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "files": ["dist", "README.md", "LICENSE"],
  "sideEffects": false,
  "publishConfig": {
    "access": "public"
  },
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc --noEmit",
    "test": "vitest run --reporter=default --reporter=json --outputFile.json=test-results.json"
  },
  "dependencies": {
    "@talkbridge/core": "workspace:^"
  },
  "peerDependencies": {
    "zod": "__peer:zod__"
  },
  "devDependencies": {
    "@talkbridge/testkit": "workspace:^",
    "@types/node": "__version:@types/node__",
    "msw": "__version:msw__",
    "tsup": "__version:tsup__",
    "typescript": "__version:typescript__",
    "vitest": "__version:vitest__",
    "zod": "__version:zod__"
  }
}
