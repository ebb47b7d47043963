// Every emulated service. Each entry builds a service module around the shared sandbox state.

import type { ServiceFactory } from '../sandbox.js'

export const serviceFactories: ServiceFactory[] = []
