// The bench's reference row (--toolkit): the deploy-ecs floor with @actions/core imported as the
// actions import it, to show what the toolkit alone adds to the floor.
import '@actions/core'
import './deploy-ecs.js'
