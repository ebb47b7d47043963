export const id = 702;
export const ids = [702];
export const modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit),
/* harmony export */   httpStatus: () => (/* binding */ httpStatus)
/* harmony export */ });
/* unused harmony export redactRequestParameters */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _shared_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3260);


/**
 * An Octokit for the API the runner names (GITHUB_API_URL: github.com, GHES, or the sandbox's
 * stand-in), read at call time rather than when @actions/github was first imported. Every request
 * it sends has the run's registered secrets redacted from its parameters: the runner masks the
 * job log, not what an action posts through the API.
 */
function createOctokit(token) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: process.env['GITHUB_API_URL'] || 'https://api.github.com'
    });
    octokit.hook.before('request', (options) => {
        redactRequestParameters(options);
    });
    return octokit;
}
// Request options that are not text the action composed: routing, headers, transport.
const NOT_CONTENT = new Set(['method', 'url', 'baseUrl', 'headers', 'mediaType', 'request']);
/**
 * Redacts, in place, every parameter that becomes the request body or query (a comment's body, a
 * deployment status's description...). The URL's own `{placeholders}` (owner, repo, numbers) are
 * left alone: a repository named like a variable's value must still be reachable.
 */
function redactRequestParameters(options) {
    const url = typeof options['url'] === 'string' ? options['url'] : '';
    const inPath = new Set([...url.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]));
    for (const [key, value] of Object.entries(options)) {
        if (NOT_CONTENT.has(key) || inPath.has(key))
            continue;
        options[key] = (0,_shared_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redactSecretsDeep */ .Zh)(value);
    }
}
/** The HTTP status of an Octokit request error, if it is one. */
function httpStatus(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}


/***/ })

};
