import { deleteAuthorizations } from "@/server/http/wallet-api";

export { deleteAuthorizations as DELETE };
