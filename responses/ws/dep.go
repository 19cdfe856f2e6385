package ws

import _ "github.com/coder/websocket"
