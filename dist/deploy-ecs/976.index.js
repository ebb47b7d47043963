export const id = 976;
export const ids = [976];
export const modules = {

/***/ 2976:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseAppSpec: () => (/* binding */ parseAppSpec)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8382);
/* harmony import */ var _appspec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9393);



// Apart from appspec.ts so that the YAML parser loads only when there is a file to read.
/** Parses AppSpec text (YAML or JSON); errors name the input and never quote the file. */
function parseAppSpec(text, source) {
    let document;
    try {
        document = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(text);
    }
    catch (error) {
        const position = error.linePos?.[0];
        const where = position ? ` at line ${position.line}, column ${position.col}` : '';
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_appspec_js__WEBPACK_IMPORTED_MODULE_2__/* .APPSPEC_INPUT */ .c3, `"${source}" is not valid YAML or JSON${where}.`);
    }
    if (!(0,_appspec_js__WEBPACK_IMPORTED_MODULE_2__/* .isObject */ .Gv)(document)) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_appspec_js__WEBPACK_IMPORTED_MODULE_2__/* .APPSPEC_INPUT */ .c3, `"${source}" must be a mapping with "version" and "Resources" (an AppSpec file).`);
    }
    // The hooks need nothing from AWS: a mistake in them fails before anything is registered.
    (0,_appspec_js__WEBPACK_IMPORTED_MODULE_2__/* .checkHooks */ .TD)(document, (path, problem) => {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_appspec_js__WEBPACK_IMPORTED_MODULE_2__/* .APPSPEC_INPUT */ .c3, `"${source}": ${path}: ${problem}`);
    });
    return { source, document };
}


/***/ })

};
