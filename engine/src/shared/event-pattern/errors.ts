/**
 * A pattern AWS would refuse. The message is the reason alone, in event-ruler's words (the engine
 * behind EventBridge, Pipes and Lambda filtering): each service wraps it its own way. EventBridge
 * answers `InvalidEventPatternException: Event pattern is not valid. Reason: <message>`; Lambda's
 * CreateEventSourceMapping answers `InvalidParameterValueException: Invalid filter pattern
 * definition.` whatever the reason.
 */
export class InvalidEventPattern extends Error {
  override readonly name = "InvalidEventPattern";
}
