export * from "./steps/prepare-loyalty-notification"
export * from "./steps/send-loyalty-notification"
export * from "./workflows/notify-loyalty-member"
