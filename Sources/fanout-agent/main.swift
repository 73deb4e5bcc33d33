import FanoutAgent
import Foundation

exit(Agent().run())
