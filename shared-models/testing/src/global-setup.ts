// placeholder until the stack helper lands; replaced by the real setup.
export default async function globalSetup(): Promise<void> {}
